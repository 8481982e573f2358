package crm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
)

// COQL limits (zoho-api.md §4.4): rows per call, and how far LIMIT and
// OFFSET can reach in all.
const (
	COQLMaxRows    = 200
	COQLMaxTotal   = 10000
	COQLMaxColumns = 50
)

// COQLInfo is the info of a COQL reply.
type COQLInfo struct {
	Count       int  `json:"count"`
	MoreRecords bool `json:"more_records"`
}

// COQL runs one select query (POST /coql). No rows (Zoho's 204) gives no
// records and a zero COQLInfo.
func (c *Client) COQL(ctx context.Context, query string) ([]Record, COQLInfo, error) {
	resp, err := c.Do(ctx, Request{Method: http.MethodPost, Path: "/coql", Body: map[string]string{"select_query": query},
		Idempotent: true, Heavy: true}) // a read, in Zoho's sub-concurrency group
	if err != nil || resp.Status == http.StatusNoContent || len(resp.Body) == 0 {
		return nil, COQLInfo{}, err
	}
	var page struct {
		Data []Record `json:"data"`
		Info COQLInfo `json:"info"`
	}
	if err := decodeJSON(resp, &page); err != nil {
		return nil, COQLInfo{}, err
	}
	if m := coqlFrom.FindStringSubmatch(query); m != nil && c.dryRun != nil {
		c.dryRun.remember(m[1], page.Data)
	}
	return page.Data, page.Info, nil
}

// limitClause matches a trailing "limit n", "limit o, n" or
// "limit n offset o".
var limitClause = regexp.MustCompile(`(?is)\s+limit\s+(\d+)\s*(?:,\s*(\d+)|\s+offset\s+(\d+))?\s*$`)

// ErrCOQLTotal is returned by COQLPager.Next when a query has more rows
// than COQL can reach with LIMIT and OFFSET.
var ErrCOQLTotal = errors.New("COQL reaches at most 10000 rows of a query (offset + limit); narrow the where clause or page with records")

// COQLPager reads every row of a query 200 at a time by rewriting its
// LIMIT clause. A query's own limit and offset are kept: the pager starts
// at the offset and stops after limit rows.
type COQLPager struct {
	c        *Client
	base     string // the query without its limit clause
	next     int    // offset of the next call
	left     int    // rows still wanted; -1 for all
	finished bool
}

// COQLPages returns a pager over query.
func (c *Client) COQLPages(query string) *COQLPager {
	base, offset, left := splitLimit(query)
	return &COQLPager{c: c, base: base, next: offset, left: left}
}

// splitLimit takes a query's trailing limit clause apart: the query
// without it, the offset to start at and the rows wanted (-1 for all).
func splitLimit(query string) (base string, offset, left int) {
	m := limitClause.FindStringSubmatchIndex(query)
	if m == nil {
		return query, 0, -1
	}
	num := func(i int) int {
		if m[2*i] < 0 {
			return -1
		}
		n, _ := strconv.Atoi(query[m[2*i]:m[2*i+1]])
		return n
	}
	first, second, third := num(1), num(2), num(3)
	switch {
	case second >= 0: // limit offset, count
		return query[:m[0]], first, second
	case third >= 0: // limit count offset o
		return query[:m[0]], third, first
	}
	return query[:m[0]], 0, first
}

// Next returns the next page of rows; nil, nil after the last one.
func (p *COQLPager) Next(ctx context.Context) ([]Record, error) {
	if p.finished || p.left == 0 {
		return nil, nil
	}
	n := COQLMaxRows
	if p.left >= 0 {
		n = min(n, p.left)
	}
	if p.next+n > COQLMaxTotal {
		if n = COQLMaxTotal - p.next; n <= 0 {
			return nil, ErrCOQLTotal
		}
	}
	recs, info, err := p.c.COQL(ctx, fmt.Sprintf("%s limit %d, %d", p.base, p.next, n))
	if err != nil {
		return nil, err
	}
	p.next += len(recs)
	if p.left >= 0 {
		p.left -= len(recs)
	}
	if !info.MoreRecords || len(recs) == 0 {
		p.finished = true
	}
	return recs, nil
}

var (
	// coqlName is a module or field API name that can stand in a query
	// as it is.
	coqlName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)
	// recordID is a record id as Zoho writes them: digits.
	recordID = regexp.MustCompile(`^[0-9]{1,30}$`)
)

// coqlPage runs one select query, decoding its rows as T off the wire.
func coqlPage[T any](ctx context.Context, c *Client, module, query string) ([]T, Info, error) {
	var rows []T
	info, err := pageInto(ctx, c, Request{Method: http.MethodPost, Path: "/coql", Body: map[string]string{"select_query": query},
		Idempotent: true, Heavy: true}, &rows)
	if err == nil && c.dryRun != nil {
		c.dryRun.remember(module, asRecords(rows))
	}
	return rows, info, err
}

// coqlIDs reads module's records with id above after in id order (COQL's
// order when a query names none), from the start-th on: every offset up
// to COQL's 10,000 can be fetched at once. A next segment continues
// after the last id it read. sure, when set, is asked after each call
// whether its rows are wanted at all (errAbandon when not).
func coqlIDs[T any](c *Client, module, columns, after string, start int, sure func(context.Context) error) *segment[T] {
	seg := &segment[T]{pages: max(1, (COQLMaxTotal-start+COQLMaxRows-1)/COQLMaxRows)}
	seg.fetch = func(ctx context.Context, i int) ([]T, Info, error) {
		off := start + i*COQLMaxRows
		n := min(COQLMaxRows, COQLMaxTotal-off)
		rows, info, err := coqlPage[T](ctx, c, module, fmt.Sprintf("select %s from %s where id > '%s' limit %d, %d", columns, module, after, off, n))
		if sure != nil {
			if err := sure(ctx); err != nil {
				return nil, Info{}, err
			}
		}
		return rows, info, err
	}
	seg.next = func(_ *run, last []T, _ Info) (*segment[T], error) {
		id, err := lastID(last)
		if err != nil {
			return nil, err
		}
		return coqlIDs[T](c, module, columns, id, 0, nil), nil
	}
	return seg
}

// IterCOQL reads every row of a select query, 200 a call, by rewriting
// its LIMIT clause; a limit and offset in the query are kept (the rows
// start at the offset and stop after limit). Once the first call says
// more rows follow, every offset up to COQL's 10,000 is fetched at once,
// as many as the client's gate lets into flight, in the query's order. A
// query with more rows than that fails with ErrCOQLTotal after the
// 10,000th rather than ending as if that were all.
func (c *Client) IterCOQL(ctx context.Context, query string) *Pages {
	base, offset, left := splitLimit(query)
	module := ""
	if m := coqlFrom.FindStringSubmatch(base); m != nil {
		module = m[1]
	}
	end := COQLMaxTotal // the offset the rows stop at
	if left >= 0 && offset+left < end {
		end = offset + left
	}
	page := func(from int) func(context.Context, int) ([]Record, Info, error) {
		return func(ctx context.Context, i int) ([]Record, Info, error) {
			off := from + i*COQLMaxRows
			n := min(COQLMaxRows, end-off)
			if n <= 0 {
				return nil, Info{}, nil
			}
			return coqlPage[Record](ctx, c, module, fmt.Sprintf("%s limit %d, %d", base, off, n))
		}
	}
	// After the rows end: done when the query's own limit was reached,
	// else COQL's total stands in the way.
	past := func(*run, []Record, Info) (*segment[Record], error) {
		if left >= 0 && offset+left <= COQLMaxTotal {
			return nil, nil
		}
		return nil, ErrCOQLTotal
	}
	if offset >= COQLMaxTotal {
		fail := func(context.Context, int) ([]Record, Info, error) { return nil, Info{}, ErrCOQLTotal }
		return newPages(ctx, c.Limit, &segment[Record]{pages: 1, fetch: fail})
	}
	from := offset + COQLMaxRows
	rest := &segment[Record]{pages: (end - from + COQLMaxRows - 1) / COQLMaxRows, fetch: page(from), next: past}
	first := &segment[Record]{pages: 1, fetch: page(offset), next: past}
	if rest.pages > 0 {
		first.next = func(*run, []Record, Info) (*segment[Record], error) { return rest, nil }
	}
	return newPages(ctx, c.Limit, first)
}
