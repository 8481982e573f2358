package crm

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"runtime"
)

// discreteLimit is how far page and per_page reach in Zoho (2,000 records).
const discreteLimit = 2000

var (
	// ErrSearchLimit: more records match a search than Zoho will return.
	ErrSearchLimit = errors.New("search stops at 2,000 results (Zoho's cap) and more records match; narrow the criteria or list the module instead")
	// ErrNoPageToken: a listing passed 2,000 records but the server offered
	// no next_page_token to continue with.
	ErrNoPageToken = errors.New("more than 2,000 records and the server sent no next_page_token to continue past them")
)

// Pages reads a listing page by page. While the caller works on one page
// the next is fetched in the background: one page ahead, never more.
// A Pages that is dropped without Close stops its fetcher once garbage
// collected, or when the context it was made with ends.
type Pages = PagesOf[Record]

// RawPages is Pages with each record left as its JSON text, for callers
// that convert records into something other than Go maps (Lua tables)
// and would pay twice for an intermediate map.
type RawPages = PagesOf[json.RawMessage]

// PagesOf reads a listing page by page, each record decoded as a T.
type PagesOf[T any] struct {
	ch     <-chan pageResult[T]
	ctx    context.Context
	cancel context.CancelFunc
	err    error // sticky: io.EOF or the error that ended the listing
}

type pageResult[T any] struct {
	recs []T
	err  error
}

// step fetches one page and says how to fetch the next (nil: last page).
type step[T any] func(ctx context.Context) ([]T, step[T], error)

func newPages[T any](ctx context.Context, first step[T]) *PagesOf[T] {
	ctx, cancel := context.WithCancel(ctx)
	ch := make(chan pageResult[T]) // unbuffered: the fetcher waits with one page in hand
	go fetchPages(ctx, ch, first)
	p := &PagesOf[T]{ch: ch, ctx: ctx, cancel: cancel}
	// The fetcher holds only ch and ctx, so p can be collected while it waits.
	runtime.AddCleanup(p, func(cancel context.CancelFunc) { cancel() }, cancel)
	return p
}

func fetchPages[T any](ctx context.Context, ch chan<- pageResult[T], s step[T]) {
	defer close(ch)
	for s != nil {
		recs, next, err := s(ctx)
		select {
		case ch <- pageResult[T]{recs, err}:
		case <-ctx.Done():
			return
		}
		if err != nil {
			return
		}
		s = next
	}
}

// Next returns the next page of records, io.EOF after the last one, or the
// error that stopped the listing (the listing never ends early silently).
// ctx bounds only the wait.
func (p *PagesOf[T]) Next(ctx context.Context) ([]T, error) {
	if p.err != nil {
		return nil, p.err
	}
	select {
	case r, ok := <-p.ch:
		switch {
		case !ok && p.ctx.Err() != nil:
			p.err = p.ctx.Err()
		case !ok:
			p.err = io.EOF
		case r.err != nil:
			p.err = r.err
		default:
			return r.recs, nil
		}
		p.cancel()
		return nil, p.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Close stops the background fetch.
func (p *PagesOf[T]) Close() {
	p.cancel()
	if p.err == nil {
		p.err = errors.New("pages closed")
	}
}

// IterRecords lists every record of a module, 200 per page unless
// o.PerPage says otherwise: by page up to 2,000 records and by
// next_page_token beyond (o.Page and o.PageToken are ignored). A failed
// page is an error from Next, never an early end.
func (c *Client) IterRecords(ctx context.Context, module string, o ListOptions) *Pages {
	return iterList(ctx, o, func(ctx context.Context, o ListOptions) ([]Record, Info, error) {
		return c.ListRecords(ctx, module, o)
	})
}

// IterRecordsRaw is IterRecords with each record left as its JSON text.
func (c *Client) IterRecordsRaw(ctx context.Context, module string, o ListOptions) *RawPages {
	return iterList(ctx, o, func(ctx context.Context, o ListOptions) ([]json.RawMessage, Info, error) {
		var recs []json.RawMessage
		info, err := pageInto(ctx, c, c.listRequest(module, o), &recs)
		return recs, info, err
	})
}

func iterList[T any](ctx context.Context, o ListOptions, list func(context.Context, ListOptions) ([]T, Info, error)) *PagesOf[T] {
	o.Page, o.PageToken = 1, ""
	if o.PerPage == 0 {
		o.PerPage = 200
	}
	var s step[T]
	s = func(ctx context.Context) ([]T, step[T], error) {
		recs, info, err := list(ctx, o)
		if err != nil || !info.MoreRecords {
			return recs, nil, err
		}
		switch {
		case info.NextPageToken != "":
			o.Page, o.PageToken = 0, info.NextPageToken
		case o.PageToken == "" && (o.Page+1)*o.PerPage <= discreteLimit:
			o.Page++
		default:
			return recs, failStep[T](ErrNoPageToken), nil
		}
		return recs, s, nil
	}
	return newPages(ctx, s)
}

// IterSearch pages through every search result (o.Page is ignored). Zoho
// returns at most 2,000: when more match, Next fails with ErrSearchLimit
// after the 2,000th rather than ending as if that were all.
func (c *Client) IterSearch(ctx context.Context, module string, o SearchOptions) *Pages {
	o.Page = 1
	if o.PerPage == 0 {
		o.PerPage = 200
	}
	var s step[Record]
	s = func(ctx context.Context) ([]Record, step[Record], error) {
		recs, info, err := c.SearchRecords(ctx, module, o)
		if err != nil || !info.MoreRecords {
			return recs, nil, err
		}
		if (o.Page+1)*o.PerPage > discreteLimit {
			return recs, failStep[Record](ErrSearchLimit), nil
		}
		o.Page++
		return recs, s, nil
	}
	return newPages(ctx, s)
}

func failStep[T any](err error) step[T] {
	return func(context.Context) ([]T, step[T], error) { return nil, nil, err }
}
