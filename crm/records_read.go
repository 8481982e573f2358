package crm

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// GetOptions are the query parameters of GET /{module}/{id}.
type GetOptions struct {
	Fields        []string
	ModifiedSince string // sent as If-Modified-Since
}

// GetRecord fetches one record. It returns nil, nil when there is no such
// record (Zoho v2 answers 204) or, with ModifiedSince, when it has not
// changed since (304).
func (c *Client) GetRecord(ctx context.Context, module, id string, o GetOptions) (Record, error) {
	req := Request{Method: http.MethodGet, Path: "/" + url.PathEscape(module) + "/" + url.PathEscape(id), Query: url.Values{}}
	if len(o.Fields) > 0 {
		req.Query.Set("fields", strings.Join(o.Fields, ","))
	}
	if o.ModifiedSince != "" {
		req.Header = http.Header{"If-Modified-Since": {o.ModifiedSince}}
	}
	recs, _, err := c.page(ctx, req)
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	return recs[0], nil
}

// SearchOptions are the parameters of GET /{module}/search: exactly one
// of Criteria, Email, Phone and Word.
type SearchOptions struct {
	Criteria  string // ((Field:op:value)and(...)); escape ( ) , in values with \
	Email     string
	Phone     string
	Word      string
	Page      int
	PerPage   int
	Converted string // true, false or both
	Approved  string // true, false or both
}

func (o SearchOptions) query() url.Values {
	q := url.Values{}
	setIf(q, "criteria", o.Criteria)
	setIf(q, "email", o.Email)
	setIf(q, "phone", o.Phone)
	setIf(q, "word", o.Word)
	setInt(q, "page", o.Page)
	setInt(q, "per_page", o.PerPage)
	setIf(q, "converted", o.Converted)
	setIf(q, "approved", o.Approved)
	return q
}

func setInt(q url.Values, k string, v int) {
	if v > 0 {
		q.Set(k, strconv.Itoa(v))
	}
}

// SearchRecords fetches one page of search results. Zoho stops search at
// 2,000 results: pages past that fail with DISCRETE_PAGINATION_LIMIT_EXCEEDED.
func (c *Client) SearchRecords(ctx context.Context, module string, o SearchOptions) ([]Record, Info, error) {
	return c.page(ctx, Request{Method: http.MethodGet, Path: "/" + url.PathEscape(module) + "/search", Query: o.query()})
}

// DeletedOptions are the parameters of GET /{module}/deleted.
type DeletedOptions struct {
	Type    string // all (default), recycle or permanent
	Page    int
	PerPage int
}

// DeletedRecords lists deleted records: {id, display_name, type,
// deleted_by, created_by, deleted_time}.
func (c *Client) DeletedRecords(ctx context.Context, module string, o DeletedOptions) ([]Record, Info, error) {
	q := url.Values{}
	setIf(q, "type", o.Type)
	setInt(q, "page", o.Page)
	setInt(q, "per_page", o.PerPage)
	return c.page(ctx, Request{Method: http.MethodGet, Path: "/" + url.PathEscape(module) + "/deleted", Query: q, Credits: 2})
}

// RelatedOptions are the parameters of GET /{module}/{id}/{related_list}.
type RelatedOptions struct {
	Page          int
	PerPage       int
	Fields        []string
	ModifiedSince string
}

// RelatedRecords lists one page of a record's related list.
func (c *Client) RelatedRecords(ctx context.Context, module, id, relatedList string, o RelatedOptions) ([]Record, Info, error) {
	q := url.Values{}
	setInt(q, "page", o.Page)
	setInt(q, "per_page", o.PerPage)
	if len(o.Fields) > 0 {
		q.Set("fields", strings.Join(o.Fields, ","))
	}
	req := Request{Method: http.MethodGet, Path: "/" + url.PathEscape(module) + "/" + url.PathEscape(id) + "/" + url.PathEscape(relatedList), Query: q}
	if o.ModifiedSince != "" {
		req.Header = http.Header{"If-Modified-Since": {o.ModifiedSince}}
	}
	return c.page(ctx, req)
}
