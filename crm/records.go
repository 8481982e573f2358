package crm

import (
	"context"
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
	req := Request{Method: http.MethodGet, Path: "/" + url.PathEscape(module), Query: o.query(),
		Heavy: o.SortBy != "" || o.CVID != ""}
	if o.CVID != "" {
		req.Credits = 3
	}
	if o.ModifiedSince != "" {
		req.Header = http.Header{"If-Modified-Since": {o.ModifiedSince}}
	}
	resp, err := c.Do(ctx, req)
	if err != nil {
		return nil, Info{}, err
	}
	if resp.Status == http.StatusNoContent || resp.Status == http.StatusNotModified || len(resp.Body) == 0 {
		return nil, Info{}, nil
	}
	var page struct {
		Data []Record `json:"data"`
		Info Info     `json:"info"`
	}
	if err := decodeJSON(resp, &page); err != nil {
		return nil, Info{}, err
	}
	return page.Data, page.Info, nil
}
