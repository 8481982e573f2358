package crmsim

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
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
	start := (pg.page - 1) * pg.perPage
	sent := start
	if t := pg.token; t != nil {
		if !strings.EqualFold(t.Module, module) {
			invalidParam(w, "page_token")
			return
		}
		sent = t.Sent
		start = t.Sent
		if keyset {
			start = sort.Search(len(rows), func(i int) bool { return idLess(t.After, rows[i]["id"].(string)) })
		}
		if sent >= s.opts.PageTokenLimit {
			writeError(w, http.StatusBadRequest, "PAGINATION_LIMIT_EXCEEDED",
				"You can only get upto 100000 records using page_token param", map[string]any{"param_name": "page_token"})
			return
		}
	}
	if start >= len(rows) {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	end := min(start+pg.perPage, len(rows))
	data := make([]record, 0, end-start)
	for _, rec := range rows[start:end] {
		data = append(data, project(rec, fields))
	}
	more := end < len(rows)
	info := map[string]any{"per_page": pg.perPage, "count": len(data), "page": pg.page, "more_records": more}
	if module != "" {
		var next any
		if more {
			t := pageToken{Module: module, Sent: sent + len(data)}
			if keyset {
				t.After = asString(rows[end-1]["id"])
			}
			next = t.encode()
		}
		info["next_page_token"] = next
		info["page_token_expiry"] = s.stamp(s.now().Add(24 * time.Hour))
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": data, "info": info})
}
