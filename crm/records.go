package crm

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Record is one CRM record as Zoho sent it. Numbers are json.Number.
type Record = map[string]any

// Info is the paging information of a list reply.
type Info struct {
	PerPage     int  `json:"per_page"`
	Count       int  `json:"count"`
	Page        int  `json:"page"`
	MoreRecords bool `json:"more_records"`
	// NextPageToken continues the listing past 2,000 records (sent as
	// ListOptions.PageToken); empty on the last page or when the server
	// does not offer tokens.
	NextPageToken   string `json:"next_page_token"`
	PageTokenExpiry string `json:"page_token_expiry"`
}

// ListOptions are the query parameters of GET /{module}. Zero values are
// not sent, so Zoho's defaults apply.
type ListOptions struct {
	Page          int
	PerPage       int
	Fields        []string
	SortBy        string
	SortOrder     string // asc or desc
	CVID          string
	Converted     string // true, false or both
	Approved      string // true, false or both
	IDs           []string
	ModifiedSince string // sent as If-Modified-Since
	PageToken     string // a previous Info.NextPageToken; excludes Page
}

func (o ListOptions) query() url.Values {
	q := url.Values{}
	if o.Page > 0 {
		q.Set("page", strconv.Itoa(o.Page))
	}
	if o.PerPage > 0 {
		q.Set("per_page", strconv.Itoa(o.PerPage))
	}
	if len(o.Fields) > 0 {
		q.Set("fields", strings.Join(o.Fields, ","))
	}
	setIf(q, "sort_by", o.SortBy)
	setIf(q, "sort_order", o.SortOrder)
	setIf(q, "cvid", o.CVID)
	setIf(q, "converted", o.Converted)
	setIf(q, "approved", o.Approved)
	if len(o.IDs) > 0 {
		q.Set("ids", strings.Join(o.IDs, ","))
	}
	setIf(q, "page_token", o.PageToken)
	return q
}

func setIf(q url.Values, k, v string) {
	if v != "" {
		q.Set(k, v)
	}
}

// ListRecords fetches one page of a module. An empty page (Zoho's 204) or
// an unmodified one (304) gives no records and a zero Info.
func (c *Client) ListRecords(ctx context.Context, module string, o ListOptions) ([]Record, Info, error) {
	return c.page(ctx, c.listRequest(module, o))
}

func (c *Client) listRequest(module string, o ListOptions) Request {
	req := Request{Method: http.MethodGet, Path: "/" + url.PathEscape(module), Query: o.query(),
		Heavy: o.SortBy != "" || o.CVID != ""}
	if o.CVID != "" {
		req.Credits = 3
	}
	if o.ModifiedSince != "" {
		req.Header = http.Header{"If-Modified-Since": {o.ModifiedSince}}
	}
	return req
}

// page sends a list-shaped request: {"data":[...],"info":{...}}, or
// nothing for 204 and 304.
func (c *Client) page(ctx context.Context, req Request) ([]Record, Info, error) {
	var recs []Record
	info, err := pageInto(ctx, c, req, &recs)
	return recs, info, err
}

// pageInto sends a list-shaped request and decodes its records into
// *data as T (Record, or json.RawMessage to keep the text).
func pageInto[T any](ctx context.Context, c *Client, req Request, data *[]T) (Info, error) {
	var info Info
	// Decoded off the wire a record at a time: a page is never held
	// twice, as bytes and as records.
	req.decode = func(r io.Reader) error {
		*data, info = nil, Info{} // a retried attempt starts afresh
		return decodePage(r, data, &info)
	}
	resp, err := c.Do(ctx, req)
	if err != nil || !resp.streamed {
		*data = nil
		return Info{}, err // 204 and 304 carry no records
	}
	if c.dryRun != nil && req.Path != "/coql" { // COQL's caller knows the module
		c.dryRun.remember(readModule(req.Path), asRecords(*data))
	}
	return info, nil
}

// asRecords gives records kept as JSON text as Go maps, for a dry run to
// remember (rehearsals are small; the fast path stays text).
func asRecords[T any](data []T) []Record {
	switch d := any(data).(type) {
	case []Record:
		return d
	case []json.RawMessage:
		recs := make([]Record, 0, len(d))
		for _, raw := range d {
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.UseNumber()
			var r Record
			if dec.Decode(&r) == nil {
				recs = append(recs, r)
			}
		}
		return recs
	}
	return nil
}

// decodePage reads {"data":[...],"info":{...}} (keys in any order, others
// skipped) decoding one record at a time, so the decoder buffers a record
// rather than the whole page.
func decodePage[T any](r io.Reader, data *[]T, info *Info) error {
	d := json.NewDecoder(r)
	d.UseNumber()
	if err := expectDelim(d, '{'); err != nil {
		return err
	}
	for d.More() {
		t, err := d.Token()
		if err != nil {
			return err
		}
		switch t {
		case "data":
			t, err := d.Token()
			if err != nil {
				return err
			}
			if t == nil { // "data": null
				continue
			}
			if t != json.Delim('[') {
				return fmt.Errorf("data is %v, not an array", t)
			}
			for d.More() {
				var rec T
				if err := d.Decode(&rec); err != nil {
					return err
				}
				*data = append(*data, rec)
			}
			if _, err := d.Token(); err != nil { // ]
				return err
			}
		case "info":
			if err := d.Decode(info); err != nil {
				return err
			}
		default:
			var skip json.RawMessage
			if err := d.Decode(&skip); err != nil {
				return err
			}
		}
	}
	_, err := d.Token() // }
	return err
}

func expectDelim(d *json.Decoder, want json.Delim) error {
	t, err := d.Token()
	if err != nil {
		return err
	}
	if t != want {
		return fmt.Errorf("want %v, found %v", want, t)
	}
	return nil
}
