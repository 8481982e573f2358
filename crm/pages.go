package crm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
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

// Pages reads a listing page by page. Pages that Zoho lets a client
// address independently (page numbers within the first 2,000 records,
// COQL offsets) are fetched several at a time, as many as the client's
// gate lets into flight, and handed over in the listing's order. At most
// that many pages are ever fetched ahead of the caller, so a slow loop
// holds the fetch back instead of piling pages up; the bound follows the
// gate down after a 429. A Pages that is dropped without Close stops its
// fetches once garbage collected, or when the context it was made with
// ends.
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
	done   <-chan struct{} // closed once no fetch is left running
	err    error           // sticky: io.EOF or the error that ended the listing
}

type pageResult[T any] struct {
	recs []T
	err  error
}

// A segment is a run of pages that can be fetched independently of one
// another, in any order and at once: page i of a discrete listing, the
// offset i×200 of a COQL query. What follows a segment (a page_token, an
// id to continue after) is mostly known only once its last page is in,
// so segments follow one another while the pages inside each overlap.
type segment[T any] struct {
	pages int // how many pages the segment can address; at least 1
	fetch func(ctx context.Context, i int) ([]T, Info, error)
	// next is the segment after this one, called when its last page says
	// more records follow: nil ends the listing, an error fails it.
	next func(r *run, last []T, info Info) (*segment[T], error)
	// then, when set, is a segment to start as soon as this one's pages
	// have all started, before its last page is in: a guess at what
	// next will say. Its pages may fail with errAbandon once the guess
	// proves wrong; the listing then goes back to this segment's next.
	then *segment[T]

	back     *segment[T] // the segment this one was started early after
	lastIn   bool        // its last page is in, with lastRecs and lastInfo
	lastRecs []T
	lastInfo Info
}

// errAbandon fails the pages of a segment started early (then) on a
// guess that proved wrong.
var errAbandon = errors.New("abandoned")

// run is what a listing's work runs under: its context, and the
// goroutines Close waits for.
type run struct {
	ctx context.Context
	wg  sync.WaitGroup
}

// spawn runs f in a goroutine that Close waits for.
func (r *run) spawn(f func()) {
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		f()
	}()
}

// window says how many pages may be in flight or waiting for the caller.
// It is the client's current bound on calls in flight, which a 429
// halves: the window shrinks with the gate. Heavy calls past their
// sub-limit wait in the gate, inside the same window.
type window func() int

func newPages[T any](ctx context.Context, w window, first *segment[T]) *PagesOf[T] {
	ctx, cancel := context.WithCancel(ctx)
	ch := make(chan pageResult[T]) // unbuffered: pages wait in the fetcher's window
	done := make(chan struct{})
	go fetchPages(&run{ctx: ctx}, ch, done, w, first)
	p := &PagesOf[T]{ch: ch, ctx: ctx, cancel: cancel, done: done}
	// The fetcher holds only ch and ctx, so p can be collected while it waits.
	runtime.AddCleanup(p, func(cancel context.CancelFunc) { cancel() }, cancel)
	return p
}

// slot is one page started, in listing order.
type slot[T any] struct {
	cancel context.CancelFunc
	filled bool
	recs   []T
	info   Info
	err    error
	seg    *segment[T]
	last   bool // the last page of seg
}

type fetched[T any] struct {
	s    *slot[T]
	recs []T
	info Info
	err  error
}

// fetchPages runs a listing: it keeps up to w() pages started or waiting
// for the caller, hands them to ch in order, and moves to the next
// segment when the last page of one is in (or before, by then).
func fetchPages[T any](r *run, ch chan<- pageResult[T], done chan<- struct{}, w window, seg *segment[T]) {
	ctx := r.ctx
	results := make(chan fetched[T])
	var slots []*slot[T] // started and not yet handed over, in order
	next := 0            // the next page of seg to start
	ended := false       // no page is to be started any more
	defer func() {
		for _, s := range slots {
			s.cancel()
		}
		// Fetches still running finish into results; drain them.
		go func() {
			for range results {
			}
		}()
		r.wg.Wait()
		close(results)
		close(ch)
		close(done)
	}()
	// drop cancels and forgets the slots from i on.
	drop := func(i int) {
		for _, t := range slots[i:] {
			t.cancel()
		}
		clear(slots[i:])
		slots = slots[:i]
	}
	// advance moves past cur, whose last page is in and says more records
	// follow, to the segment its next gives; a failure is a slot of its
	// own, after the pages before it.
	advance := func(cur *segment[T]) {
		nseg, err := cur.next(r, cur.lastRecs, cur.lastInfo)
		if err != nil {
			slots = append(slots, &slot[T]{cancel: func() {}, filled: true, err: err})
			ended = true
			return
		}
		seg, next, ended = nseg, 0, nseg == nil
	}
	for {
		for !ended && seg != nil && len(slots) < w() {
			if next == seg.pages {
				if seg.then == nil {
					break
				}
				seg.then.back = seg
				seg, next = seg.then, 0
				continue
			}
			sctx, cancel := context.WithCancel(ctx)
			s := &slot[T]{cancel: cancel, seg: seg, last: next == seg.pages-1}
			slots = append(slots, s)
			i, fetch := next, seg.fetch
			r.spawn(func() {
				recs, info, err := fetch(sctx, i)
				results <- fetched[T]{s, recs, info, err}
			})
			next++
		}
		if len(slots) == 0 {
			return // nothing started and nothing to start: the end
		}
		if h := slots[0]; h.filled && h.err == nil && len(h.recs) == 0 {
			h.cancel() // an empty page (204 past the end) is nothing to hand over
			slots[0] = nil
			slots = slots[1:]
			continue
		}
		var out chan<- pageResult[T]
		var head pageResult[T]
		if h := slots[0]; h.filled {
			out, head = ch, pageResult[T]{h.recs, h.err}
		}
		select {
		case <-ctx.Done():
			return
		case out <- head:
			slots[0].cancel()
			slots[0] = nil
			slots = slots[1:]
			if head.err != nil {
				return
			}
		case f := <-results:
			s := f.s
			i := slices.Index(slots, s)
			if i < 0 {
				break // cut off before it came in: not wanted
			}
			s.filled, s.recs, s.info, s.err = true, f.recs, f.info, f.err
			if s.last && f.err == nil {
				s.seg.lastIn, s.seg.lastRecs, s.seg.lastInfo = true, f.recs, f.info
			}
			switch {
			case errors.Is(f.err, errAbandon) && s.seg.back != nil:
				// The guess was wrong: drop the early segment's pages and
				// go back to the one before it, as if it had not started.
				back := s.seg.back
				drop(slices.IndexFunc(slots, func(t *slot[T]) bool { return t.seg == s.seg }))
				back.then = nil
				seg, next = back, back.pages
				if back.lastIn && back.lastInfo.MoreRecords {
					advance(back)
				}
			case f.err != nil || !f.info.MoreRecords:
				drop(i + 1) // the listing ends (or fails) here
				ended = true
			case s.last && s.seg == seg: // not already followed by then
				advance(seg)
			}
		}
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

// Close stops the fetches in flight and returns once none is left
// running.
func (p *PagesOf[T]) Close() {
	p.cancel()
	<-p.done
	if p.err == nil {
		p.err = errors.New("pages closed")
	}
}

// IterRecords lists every record of a module, 200 per page unless
// o.PerPage says otherwise (o.Page and o.PageToken are ignored). Once the
// first page says more follow, the pages up to Zoho's 2,000-record window
// are fetched at once. Past the window:
//
//   - a listing in Zoho's id order (no sort_by, cvid, ids or
//     If-Modified-Since; sort_order unset or asc; converted and approved
//     left to Zoho's defaults; fields named) continues with COQL id
//     ranges, "where id > 'last'" at offsets fetched at once, provided
//     the module holds no converted Leads and no records awaiting
//     approval (two one-record probes), which COQL cannot leave out;
//   - any other listing continues by next_page_token, one page at a
//     time, as Zoho allows nothing else for it.
//
// A failed page is an error from Next, never an early end.
func (c *Client) IterRecords(ctx context.Context, module string, o ListOptions) *Pages {
	return iterList(ctx, c, module, o, func(ctx context.Context, o ListOptions) ([]Record, Info, error) {
		return c.ListRecords(ctx, module, o)
	})
}

// IterRecordsRaw is IterRecords with each record left as its JSON text.
func (c *Client) IterRecordsRaw(ctx context.Context, module string, o ListOptions) *RawPages {
	return iterList(ctx, c, module, o, func(ctx context.Context, o ListOptions) ([]json.RawMessage, Info, error) {
		var recs []json.RawMessage
		info, err := pageInto(ctx, c, c.listRequest(module, o), &recs)
		return recs, info, err
	})
}

type lister[T any] func(context.Context, ListOptions) ([]T, Info, error)

func iterList[T any](ctx context.Context, c *Client, module string, o ListOptions, list lister[T]) *PagesOf[T] {
	o.Page, o.PageToken = 1, ""
	if o.PerPage == 0 {
		o.PerPage = 200
	}
	columns, byID := coqlColumns(o)
	byID = byID && coqlName.MatchString(module)
	if byID {
		o.SortOrder = "asc" // sort_order alone orders by id (Kaizen #29)
	}
	page := func(n int) func(context.Context, int) ([]T, Info, error) {
		return func(ctx context.Context, i int) ([]T, Info, error) {
			o := o
			o.Page = n + i
			return list(ctx, o)
		}
	}
	discrete := discreteLimit / o.PerPage
	rest := &segment[T]{pages: discrete - 1, fetch: page(2)}
	rest.next = func(r *run, last []T, info Info) (*segment[T], error) {
		return tokenChain(o, list, info)
	}
	first := &segment[T]{pages: 1, fetch: page(1)}
	first.next = func(r *run, last []T, info Info) (*segment[T], error) {
		if discrete == 1 {
			return tokenChain(o, list, info)
		}
		if !byID {
			return rest, nil
		}
		after, err := lastID(last)
		if err != nil {
			return nil, err
		}
		// Whether COQL returns the listing's records is asked while the
		// window's pages are fetched, and COQL starts at once past the
		// window (after the first page's last id, at the offset the
		// window reaches): its pages are dropped if the answer is no.
		verdict := make(chan struct{})
		var ok bool
		r.spawn(func() {
			ok = c.onlyDefaultRecords(r.ctx, module)
			close(verdict)
		})
		sure := func(ctx context.Context) error {
			select {
			case <-verdict:
			case <-ctx.Done():
				return ctx.Err()
			}
			if !ok {
				return errAbandon
			}
			return nil
		}
		rest.then = coqlIDs[T](c, module, columns, after, (discrete-1)*o.PerPage, sure)
		rest.next = func(r *run, last []T, info Info) (*segment[T], error) {
			if err := sure(r.ctx); err == errAbandon {
				return tokenChain(o, list, info)
			} else if err != nil {
				return nil, err
			}
			after, err := lastID(last)
			if err != nil {
				return nil, err
			}
			return coqlIDs[T](c, module, columns, after, 0, nil), nil
		}
		return rest, nil
	}
	return newPages(ctx, c.Limit, first)
}

// tokenChain continues a listing past the discrete window by
// next_page_token, a page at a time.
func tokenChain[T any](o ListOptions, list lister[T], info Info) (*segment[T], error) {
	if info.NextPageToken == "" {
		return nil, ErrNoPageToken
	}
	o.Page, o.PageToken = 0, info.NextPageToken
	return &segment[T]{pages: 1,
		fetch: func(ctx context.Context, _ int) ([]T, Info, error) { return list(ctx, o) },
		next: func(r *run, last []T, info Info) (*segment[T], error) {
			return tokenChain(o, list, info)
		}}, nil
}

// coqlColumns says whether a listing with o is in Zoho's id order and can
// be continued by COQL, and the columns to select: id and o's fields.
// COQL has no converted, approved, cvid or If-Modified-Since, and takes
// 50 columns at most.
func coqlColumns(o ListOptions) (string, bool) {
	if o.SortBy != "" || (o.SortOrder != "" && o.SortOrder != "asc") || o.CVID != "" || len(o.IDs) > 0 ||
		o.ModifiedSince != "" || o.Converted != "" || o.Approved != "" || len(o.Fields) == 0 {
		return "", false
	}
	cols := []string{"id"}
	for _, f := range o.Fields {
		if !coqlName.MatchString(f) {
			return "", false
		}
		if !slices.Contains(cols, f) {
			cols = append(cols, f)
		}
	}
	if len(cols) > COQLMaxColumns {
		return "", false
	}
	return strings.Join(cols, ", "), true
}

// onlyDefaultRecords reports whether module holds no converted Leads and
// no records awaiting approval: the records a default listing leaves out
// and COQL might not. Any failure counts as no.
func (c *Client) onlyDefaultRecords(ctx context.Context, module string) bool {
	probes := []ListOptions{{PerPage: 1, Fields: []string{"id"}, Approved: "false"}}
	if strings.EqualFold(module, "Leads") {
		probes = append(probes, ListOptions{PerPage: 1, Fields: []string{"id"}, Converted: "true"})
	}
	var wg sync.WaitGroup
	var none atomic.Int32 // probes that found nothing
	for _, o := range probes {
		wg.Go(func() {
			if recs, _, err := c.ListRecords(ctx, module, o); err == nil && len(recs) == 0 {
				none.Add(1)
			}
		})
	}
	wg.Wait()
	return int(none.Load()) == len(probes)
}

// lastID is the id of the last record of a page.
func lastID[T any](recs []T) (string, error) {
	if len(recs) == 0 {
		return "", errors.New("a page said more records follow but held none")
	}
	var id any
	switch r := any(recs[len(recs)-1]).(type) {
	case Record:
		id = r["id"]
	case json.RawMessage:
		var v struct {
			ID any `json:"id"`
		}
		if err := json.Unmarshal(r, &v); err != nil {
			return "", fmt.Errorf("reading the last record's id: %w", err)
		}
		id = v.ID
	}
	s, ok := id.(string)
	if !ok || !recordID.MatchString(s) {
		return "", fmt.Errorf("the last record of a page has id %v, not a record id", id)
	}
	return s, nil
}

// IterSearch pages through every search result (o.Page is ignored). Once
// the first page says more follow, the pages up to 2,000 results are
// fetched at once. Zoho returns at most 2,000: when more match, Next
// fails with ErrSearchLimit after the 2,000th rather than ending as if
// that were all.
func (c *Client) IterSearch(ctx context.Context, module string, o SearchOptions) *Pages {
	if o.PerPage == 0 {
		o.PerPage = 200
	}
	page := func(n int) func(context.Context, int) ([]Record, Info, error) {
		return func(ctx context.Context, i int) ([]Record, Info, error) {
			o := o
			o.Page = n + i
			return c.SearchRecords(ctx, module, o)
		}
	}
	capped := func(*run, []Record, Info) (*segment[Record], error) { return nil, ErrSearchLimit }
	discrete := discreteLimit / o.PerPage
	rest := &segment[Record]{pages: discrete - 1, fetch: page(2), next: capped}
	first := &segment[Record]{pages: 1, fetch: page(1), next: capped}
	if discrete > 1 {
		first.next = func(*run, []Record, Info) (*segment[Record], error) { return rest, nil }
	}
	return newPages(ctx, c.Limit, first)
}
