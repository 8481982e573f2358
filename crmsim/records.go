package crmsim

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

const (
	maxPerPage        = 200
	discretePageLimit = 2000
	maxFieldsParam    = 50
)

func (s *Server) routeRecords(mux *http.ServeMux) {
	mux.HandleFunc("GET /crm/v2/{module}", s.handleListRecords)
	s.routeRecordPaths(mux)
}

// queryInt parses an optional positive integer parameter.
func queryInt(r *http.Request, name string, def int) (int, bool) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, false
	}
	return n, true
}

func invalidModule(w http.ResponseWriter) {
	writeError(w, http.StatusBadRequest, "INVALID_MODULE", "the module name given seems to be invalid", map[string]any{"resource_path_index": 0})
}

func invalidParam(w http.ResponseWriter, name string) {
	writeError(w, http.StatusBadRequest, "INVALID_DATA", "invalid data", map[string]any{"param_name": name})
}

// handleListRecords serves GET /crm/v2/{module}: Zoho's discrete paging
// with its 200-per-page and 2,000-record walls, and page_token
// continuation past them up to Options.PageTokenLimit records.
func (s *Server) handleListRecords(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p, ok := readParams(w, r, true)
	if !ok {
		return
	}
	sortOrder := q.Get("sort_order")
	if sortOrder != "" && sortOrder != "asc" && sortOrder != "desc" {
		invalidParam(w, "sort_order")
		return
	}

	s.readModule(w, r, func(m *moduleSpec) { s.listRecords(w, m, q, p, sortOrder) })
}

// listRecords answers a records list once its parameters are read; s.mu
// is held for reading.
func (s *Server) listRecords(w http.ResponseWriter, m *moduleSpec, q url.Values, p params, sortOrder string) {
	sortBy := q.Get("sort_by")
	if sortBy != "" && m.fieldByName[sortBy] == nil {
		invalidParam(w, "sort_by")
		return
	}
	if sortBy == "" {
		// Creation order is the stored order: walk to the page instead of
		// copying every matching record, so a page of a 100,000-record
		// module costs a page, not the module.
		s.writeScannedPage(w, m, m.matcher(q, p.since), p.paging, p.fields, !p.since.IsZero())
		return
	}
	rows := m.filter(q, p.since)
	if !p.since.IsZero() && len(rows) == 0 {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	desc := sortOrder != "asc"
	slices.SortStableFunc(rows, func(a, b record) int {
		c := compareValues(a[sortBy], b[sortBy])
		if desc {
			return -c
		}
		return c
	})
	s.writeRecordPage(w, rows, p.paging, p.fields, m.APIName, false)
}

// params are the parameters list-shaped reads share.
type params struct {
	paging
	fields []string
	since  time.Time // If-Modified-Since; zero when absent
}

// readParams reads page, per_page, page_token (when allowed), fields and
// If-Modified-Since, answering Zoho's error for the first bad one.
func readParams(w http.ResponseWriter, r *http.Request, allowToken bool) (params, bool) {
	var p params
	var ok bool
	if p.paging, ok = readPaging(w, r, allowToken); !ok {
		return p, false
	}
	if p.fields, ok = readFields(w, r); !ok {
		return p, false
	}
	p.since, ok = readSince(w, r)
	return p, ok
}

// withModule runs fn with s.mu held on the path's module, answering
// INVALID_MODULE when there is none.
func (s *Server) withModule(w http.ResponseWriter, r *http.Request, fn func(m *moduleSpec)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onModule(w, r, fn)
}

// readModule is withModule for reads: fn runs under the read lock, beside
// other reads, and must not change anything.
func (s *Server) readModule(w http.ResponseWriter, r *http.Request, fn func(m *moduleSpec)) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	s.onModule(w, r, fn)
}

func (s *Server) onModule(w http.ResponseWriter, r *http.Request, fn func(m *moduleSpec)) {
	m := s.crm.module(r.PathValue("module"))
	if m == nil || !m.apiSupported {
		invalidModule(w)
		return
	}
	fn(m)
}

// readFields reads the fields parameter (at most 50 names).
func readFields(w http.ResponseWriter, r *http.Request) ([]string, bool) {
	f := r.URL.Query().Get("fields")
	if f == "" {
		return nil, true
	}
	fields := splitList(f)
	if len(fields) > maxFieldsParam {
		writeError(w, http.StatusBadRequest, "LIMIT_EXCEEDED", "fields limit exceeded", map[string]any{"param_name": "fields", "limit": maxFieldsParam})
		return nil, false
	}
	return fields, true
}

// readSince reads If-Modified-Since; zero when absent.
func readSince(w http.ResponseWriter, r *http.Request) (time.Time, bool) {
	h := r.Header.Get("If-Modified-Since")
	if h == "" {
		return time.Time{}, true
	}
	t, err := parseZohoTime(h)
	if err != nil {
		writeError(w, http.StatusBadRequest, "INVALID_DATA", "invalid data", map[string]any{"header_name": "If-Modified-Since"})
		return time.Time{}, false
	}
	return t, true
}

// filter applies the list parameters that select records.
func (m *moduleSpec) filter(q map[string][]string, since time.Time) []record {
	match := m.matcher(q, since)
	rows := make([]record, 0, len(m.records))
	for _, rec := range m.records {
		if match(rec) {
			rows = append(rows, rec)
		}
	}
	return rows
}

// matcher is the test filter applies to each record.
func (m *moduleSpec) matcher(q map[string][]string, since time.Time) func(record) bool {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	var ids map[string]bool
	if v := get("ids"); v != "" {
		ids = map[string]bool{}
		for _, id := range splitList(v) {
			ids[id] = true
		}
	}
	converted, approved := get("converted"), get("approved")
	return func(rec record) bool {
		if ids != nil && !ids[rec["id"].(string)] {
			return false
		}
		if !matchFlag(rec, "$converted", converted, "false") || !matchFlag(rec, "$approved", approved, "true") {
			return false
		}
		if !since.IsZero() {
			t, err := parseZohoTime(asString(rec["Modified_Time"]))
			if err != nil || t.Before(since) {
				return false
			}
		}
		return true
	}
}

// matchFlag filters on Zoho's converted/approved switches; records that do
// not carry the flag always match.
func matchFlag(rec record, key, want, def string) bool {
	v, ok := rec[key].(bool)
	if !ok {
		return true
	}
	if want == "" {
		want = def
	}
	return want == "both" || strconv.FormatBool(v) == want
}

// project keeps the requested fields; id is always sent.
func project(rec record, fields []string) record {
	if len(fields) == 0 {
		return rec
	}
	out := make(record, len(fields)+1)
	out["id"] = rec["id"]
	for _, f := range fields {
		if v, ok := rec[f]; ok {
			out[f] = v
		}
	}
	return out
}

func splitList(s string) []string {
	parts := strings.Split(s, ",")
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func asString(v any) string {
	s, _ := v.(string)
	return s
}

func parseZohoTime(s string) (time.Time, error) {
	return time.Parse(time.RFC3339, strings.Replace(s, " ", "+", 1))
}

// compareValues orders field values: nil first, numbers numerically,
// lookups by name, everything else as text.
func compareValues(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	if fa, ok := number(a); ok {
		if fb, ok := number(b); ok {
			switch {
			case fa < fb:
				return -1
			case fa > fb:
				return 1
			}
			return 0
		}
	}
	return strings.Compare(sortText(a), sortText(b))
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

func sortText(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case map[string]any:
		return asString(t["name"])
	case bool:
		return strconv.FormatBool(t)
	}
	return ""
}
