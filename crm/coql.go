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
	COQLMaxRows  = 200
	COQLMaxTotal = 10000
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
	p := &COQLPager{c: c, base: query, left: -1}
	if m := limitClause.FindStringSubmatchIndex(query); m != nil {
		num := func(i int) int {
			if m[2*i] < 0 {
				return -1
			}
			n, _ := strconv.Atoi(query[m[2*i]:m[2*i+1]])
			return n
		}
		p.base = query[:m[0]]
		first, second, third := num(1), num(2), num(3)
		switch {
		case second >= 0: // limit offset, count
			p.next, p.left = first, second
		case third >= 0: // limit count offset o
			p.next, p.left = third, first
		default:
			p.left = first
		}
	}
	return p
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
