package crmsim

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"
)

// paging is the page a list-shaped request asks for: a discrete page, or
// the continuation named by a page_token.
type paging struct {
	page, perPage int
	token         *pageToken
}

// pageToken is the state a page_token carries. In creation order the
// listing resumes after the last id sent (keyset), so records added or
// deleted meanwhile neither repeat nor vanish; in a sorted listing it
// resumes at an offset. Sent counts records already served, against the
// page_token limit.
type pageToken struct {
	Module string `json:"m"`
	After  string `json:"a,omitempty"`
	Sent   int    `json:"n"`
}

func (t pageToken) encode() string {
	b, _ := json.Marshal(t)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodePageToken(s string) (*pageToken, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, false
	}
	var t pageToken
	if json.Unmarshal(b, &t) != nil || t.Module == "" || t.Sent < 0 {
		return nil, false
	}
	return &t, true
}

// readPaging reads page, per_page and (when allowed) page_token. Without
// a page_token, page × per_page may not pass 2,000 records.
func readPaging(w http.ResponseWriter, r *http.Request, allowToken bool) (paging, bool) {
	q := r.URL.Query()
	page, perPage, ok := pageParams(w, r)
	if !ok {
		return paging{}, false
	}
	pg := paging{page: page, perPage: perPage}
	if tok := q.Get("page_token"); allowToken && tok != "" {
		if q.Get("page") != "" {
			writeError(w, http.StatusBadRequest, "INVALID_DATA", "page and page_token cannot be used together", map[string]any{"param_name": "page"})
			return paging{}, false
		}
		t, ok := decodePageToken(tok)
		if !ok {
			invalidParam(w, "page_token")
			return paging{}, false
		}
		pg.token = t
		return pg, true
	}
	if pg.page*pg.perPage > discretePageLimit {
		writeError(w, http.StatusBadRequest, "DISCRETE_PAGINATION_LIMIT_EXCEEDED",
			"You can only get the first 2000 records without using page_token param", map[string]any{"limit": discretePageLimit})
		return paging{}, false
	}
	return pg, true
}

// idLess orders record ids, which grow with creation time.
func idLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// writeRecordPage answers one page of rows: 204 past the end, else data and
// info, with a next_page_token while more records remain. keyset says the
// rows are in creation order, so a token can resume after an id. A nil
// module name means no page_token is offered (search).
func (s *Server) writeRecordPage(w http.ResponseWriter, rows []record, pg paging, fields []string, module string, keyset bool) {
	start, sent, ok := s.pageStart(w, pg, module)
	if !ok {
		return
	}
	if t := pg.token; t != nil && keyset {
		start = sort.Search(len(rows), func(i int) bool { return idLess(t.After, rows[i]["id"].(string)) })
	}
	if start >= len(rows) {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	end := min(start+pg.perPage, len(rows))
	s.writePage(w, rows[start:end], end < len(rows), pg, sent, fields, module, keyset)
}

// writeScannedPage answers one page of m's records in creation order that
// match, walking only as far as the page needs: a page_token resumes by
// binary search on the ids (the stored order), a discrete page skips at
// most 2,000 matches. notModified answers 304 when nothing matches at all
// (If-Modified-Since).
func (s *Server) writeScannedPage(w http.ResponseWriter, m *moduleSpec, match func(record) bool, pg paging, fields []string, notModified bool) {
	start, sent, ok := s.pageStart(w, pg, m.APIName)
	if !ok {
		return
	}
	recs := m.records
	from, skip := 0, start
	if t := pg.token; t != nil {
		from = sort.Search(len(recs), func(i int) bool { return idLess(t.After, recs[i]["id"].(string)) })
		skip = 0
	}
	data := make([]record, 0, pg.perPage)
	more := false
	for _, rec := range recs[from:] {
		switch {
		case !match(rec):
		case skip > 0:
			skip--
		case len(data) == pg.perPage:
			more = true
		default:
			data = append(data, rec)
		}
		if more {
			break
		}
	}
	if len(data) == 0 {
		if notModified && !slices.ContainsFunc(recs, match) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.WriteHeader(http.StatusNoContent)
		return
	}
	s.writePage(w, data, more, pg, sent, fields, m.APIName, true)
}

// pageStart checks a page_token against module and its limit, and says
// where the page starts and how many records were sent before it.
func (s *Server) pageStart(w http.ResponseWriter, pg paging, module string) (start, sent int, ok bool) {
	start = (pg.page - 1) * pg.perPage
	sent = start
	if t := pg.token; t != nil {
		if !strings.EqualFold(t.Module, module) {
			invalidParam(w, "page_token")
			return 0, 0, false
		}
		sent, start = t.Sent, t.Sent
		if sent >= s.opts.PageTokenLimit {
			writeError(w, http.StatusBadRequest, "PAGINATION_LIMIT_EXCEEDED",
				"You can only get upto 100000 records using page_token param", map[string]any{"param_name": "page_token"})
			return 0, 0, false
		}
	}
	return start, sent, true
}

// writePage writes data (a non-empty page) and its info.
func (s *Server) writePage(w http.ResponseWriter, page []record, more bool, pg paging, sent int, fields []string, module string, keyset bool) {
	data := make([]record, 0, len(page))
	for _, rec := range page {
		data = append(data, project(rec, fields))
	}
	info := map[string]any{"per_page": pg.perPage, "count": len(data), "page": pg.page, "more_records": more}
	if module != "" {
		var next any
		if more {
			t := pageToken{Module: module, Sent: sent + len(data)}
			if keyset {
				t.After = asString(data[len(data)-1]["id"])
			}
			next = t.encode()
		}
		info["next_page_token"] = next
		info["page_token_expiry"] = s.stamp(s.now().Add(24 * time.Hour))
	}
	body := append(make([]byte, 0, 1024*len(data)), `{"data":[`...)
	var keys []string
	for i, rec := range data {
		if i > 0 {
			body = append(body, ',')
		}
		body, keys = appendJSON(body, rec, keys)
	}
	body = append(body, `],"info":`...)
	body, _ = appendJSON(body, info, keys)
	body = append(body, '}')
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}
