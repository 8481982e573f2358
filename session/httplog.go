package session

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/zcrmrun/zcrmrun/crm"
)

// loggingTransport logs each HTTP call at debug level, and at warn level
// the ones a user should hear of without asking: throttling (429), server
// errors, failed connections and calls abandoned at [api] timeout. It logs
// the path but not the query, and no header or body: that is where
// tokens, secrets and codes travel, so nothing secret can reach the log
// through it.
type loggingTransport struct {
	next http.RoundTripper
	log  *slog.Logger
}

func (t loggingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := t.next.RoundTrip(r)
	attrs := []any{"method", r.Method, "host", r.URL.Host, "path", r.URL.Path, "duration", time.Since(start).Round(time.Microsecond)}
	if err != nil {
		if t.abandoned(r, attrs) {
			return nil, err
		}
		// A transport's error names addresses, not URLs (the client adds
		// the URL later, in *url.Error), so it carries no query string.
		level := slog.LevelWarn
		if r.Context().Err() != nil {
			level = slog.LevelDebug // cancelled on purpose (--timeout, Ctrl-C): the caller reports it
		}
		t.log.Log(r.Context(), level, "http", append(attrs, "error", err.Error())...)
		return nil, err
	}
	level := slog.LevelDebug
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
		level = slog.LevelWarn
	}
	t.log.Log(r.Context(), level, "http", append(attrs, "status", resp.StatusCode)...)
	// A body still arriving when the timeout strikes is abandoned too.
	resp.Body = &watchedBody{ReadCloser: resp.Body, abandoned: func() {
		t.abandoned(r, []any{"method", r.Method, "host", r.URL.Host, "path", r.URL.Path, "duration", time.Since(start).Round(time.Microsecond), "status", resp.StatusCode})
	}}
	return resp, nil
}

// abandoned logs at warn level, and reports true, when r's context ended
// by the client's per-attempt timeout rather than the caller: a hung call
// is otherwise silent until the whole run fails.
func (t loggingTransport) abandoned(r *http.Request, attrs []any) bool {
	var nr *crm.NoReplyError
	if !errors.As(context.Cause(r.Context()), &nr) {
		return false
	}
	t.log.Log(r.Context(), slog.LevelWarn, "http: "+nr.Error(), append(attrs, "timeout", nr.After.String())...)
	return true
}

// watchedBody calls abandoned once if a read fails after the timeout.
type watchedBody struct {
	io.ReadCloser
	abandoned func()
	once      sync.Once
}

func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF {
		b.once.Do(b.abandoned)
	}
	return n, err
}
