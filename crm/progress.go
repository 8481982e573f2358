package crm

import "context"

type progressKey struct{}

// WithProgress returns a context under which batch calls (inserts,
// updates, upserts, deletes, mass updates, tags, links) report to done
// the number of items of each chunk Zoho answered. done may be called
// from several goroutines at once. Progress travels in the context, as
// httptrace hooks do, so the batch methods keep one signature.
func WithProgress(ctx context.Context, done func(n int)) context.Context {
	return context.WithValue(ctx, progressKey{}, done)
}

func reportProgress(ctx context.Context, n int) {
	if done, ok := ctx.Value(progressKey{}).(func(int)); ok && done != nil {
		done(n)
	}
}
