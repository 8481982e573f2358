package crmsim

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// routeRecordPaths serves everything below /crm/v2/{module}/ with one
// pattern, for any method, and a dispatch on the remaining segments: every
// route other areas register under /crm/v2 (settings/..., users/{id},
// {module}/{id}/Notes, with or without a method) is then strictly more
// specific, so the mux never finds the two in conflict.
func (s *Server) routeRecordPaths(mux *http.ServeMux) {
	mux.HandleFunc("POST /crm/v2/{module}", s.handleInsert)
	mux.HandleFunc("PUT /crm/v2/{module}", func(w http.ResponseWriter, r *http.Request) { s.handleUpdate(w, r, "") })
	mux.HandleFunc("DELETE /crm/v2/{module}", func(w http.ResponseWriter, r *http.Request) { s.handleDelete(w, r, "") })
	// Any other method on the module path is Zoho's INVALID_REQUEST_METHOD;
	// without this pattern ServeMux would redirect it to /{module}/.
	mux.HandleFunc("/crm/v2/{module}", invalidMethod)
	mux.HandleFunc("/crm/v2/{module}/{rest...}", s.dispatchRecordPath)
}

func (s *Server) dispatchRecordPath(w http.ResponseWriter, r *http.Request) {
	p := strings.Split(r.PathValue("rest"), "/")
	n := len(p)
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		switch {
		case n == 1 && p[0] == "deleted":
			s.handleDeleted(w, r)
			return
		case n == 1 && p[0] == "search":
			s.handleSearch(w, r)
			return
		case n == 1 && p[0] != "":
			s.handleGetRecord(w, r, p[0])
			return
		case n == 2 && p[0] == "actions" && p[1] == "count" && versionOf(r).hasRecordCount():
			s.handleCount(w, r)
			return
		case n == 2:
			s.handleRelated(w, r, p[0], p[1], "")
			return
		case n == 3:
			s.handleRelated(w, r, p[0], p[1], p[2])
			return
		}
	case http.MethodPost:
		switch {
		case n == 2 && p[0] == "actions" && p[1] == "count" && versionOf(r).hasRecordCount():
			s.handleCount(w, r)
			return
		case n == 1 && p[0] == "upsert":
			s.handleUpsert(w, r)
			return
		case n == 2 && p[0] == "actions" && p[1] == "mass_update":
			s.handleMassUpdate(w, r)
			return
		case n == 2 && p[0] == "actions" && (p[1] == "add_tags" || p[1] == "remove_tags"):
			s.handleTags(w, r, "", p[1] == "add_tags")
			return
		case n == 3 && p[1] == "actions" && p[2] == "convert":
			s.handleConvert(w, r, p[0])
			return
		case n == 3 && p[1] == "actions" && (p[2] == "add_tags" || p[2] == "remove_tags"):
			s.handleTags(w, r, p[0], p[2] == "add_tags")
			return
		}
	case http.MethodPut:
		switch n {
		case 1:
			s.handleUpdate(w, r, p[0])
			return
		case 2, 3:
			s.handleLink(w, r, p, true)
			return
		}
	case http.MethodDelete:
		switch n {
		case 1:
			s.handleDelete(w, r, p[0])
			return
		case 2, 3:
			s.handleLink(w, r, p, false)
			return
		}
	default:
		invalidMethod(w, r)
		return
	}
	writeError(w, http.StatusNotFound, "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one", nil)
}

func invalidMethod(w http.ResponseWriter, _ *http.Request) {
	writeError(w, http.StatusBadRequest, "INVALID_REQUEST_METHOD", "The http request method type is not a valid one", nil)
}

func invalidID(w http.ResponseWriter, index int) {
	writeError(w, http.StatusBadRequest, "INVALID_DATA", "the id given seems to be invalid", map[string]any{"resource_path_index": index})
}

// handleGetRecord serves GET /{module}/{id}: 200 with data[1], 204 for an
// id that names no record (as v2 does), 304 when unmodified since the
// If-Modified-Since time, 400 for something that is not an id at all.
func (s *Server) handleGetRecord(w http.ResponseWriter, r *http.Request, id string) {
	p, ok := readParams(w, r, false)
	if !ok {
		return
	}
	s.readModule(w, r, func(m *moduleSpec) {
		if !validID(id) {
			invalidID(w, 1)
			return
		}
		rec := m.get(id)
		if rec == nil {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if !p.since.IsZero() && !modifiedSince(rec, p.since) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"data": []any{project(rec, p.fields)}})
	})
}

// modifiedSince reports whether rec changed at or after t.
func modifiedSince(rec record, t time.Time) bool {
	mt, err := parseZohoTime(asString(rec["Modified_Time"]))
	return err == nil && !mt.Before(t)
}

// handleDeleted serves GET /{module}/deleted?type=all|recycle|permanent.
// Deleted records stay in the recycle bin; nothing is purged, so
// type=permanent is always empty.
func (s *Server) handleDeleted(w http.ResponseWriter, r *http.Request) {
	typ := r.URL.Query().Get("type")
	if typ == "" {
		typ = "all"
	}
	if typ != "all" && typ != "recycle" && typ != "permanent" {
		writeError(w, http.StatusBadRequest, "PATTERN_NOT_MATCHED", "Please check whether the input values are correct", map[string]any{"param_name": "type"})
		return
	}
	p, ok := readParams(w, r, false)
	if !ok {
		return
	}
	s.readModule(w, r, func(m *moduleSpec) {
		var rows []record
		if typ != "permanent" {
			rows = slices.Clone(m.deleted)
			slices.Reverse(rows) // newest first
		}
		s.writeRecordPage(w, rows, p.paging, nil, "", false)
	})
}

// handleSearch serves GET /{module}/search with exactly one of criteria,
// email, phone or word. Results page like a list and stop at 2,000. It
// reads under the read lock, so other clients' lists and searches run
// beside it, and its cost is bounded before it starts: the value's length
// here, the criteria's count, nesting and in values in parseCriteria.
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	kind, value, ok := searchParam(w, q)
	if !ok {
		return
	}
	if kind == "" {
		missingParam(w, "criteria")
		return
	}
	if len(value) > maxSearchValueLen {
		writeError(w, http.StatusBadRequest, "INVALID_QUERY", "Invalid query formed: the "+kind+" is too long",
			map[string]any{"param_name": kind, "maximum_length": maxSearchValueLen})
		return
	}
	p, ok := readParams(w, r, false)
	if !ok {
		return
	}
	s.readModule(w, r, func(m *moduleSpec) {
		keep, ok := searchFilter(w, m, kind, value)
		if !ok {
			return
		}
		if s.searching != nil {
			s.searching()
		}
		var rows []record
		for _, rec := range m.filter(q, time.Time{}) {
			if keep(rec) {
				rows = append(rows, rec)
			}
		}
		s.writeRecordPage(w, rows, p.paging, p.fields, "", false)
	})
}

// searchParam finds the one search parameter of q (criteria, email,
// phone or word); kind is "" when there is none. Two of them are refused.
func searchParam(w http.ResponseWriter, q url.Values) (kind, value string, ok bool) {
	for _, k := range []string{"criteria", "email", "phone", "word"} {
		if v := q.Get(k); v != "" {
			if kind != "" {
				writeError(w, http.StatusBadRequest, "INVALID_QUERY", "only one of criteria, email, phone and word may be given",
					map[string]any{"param_name": k})
				return "", "", false
			}
			kind, value = k, v
		}
	}
	return kind, value, true
}

// handleCount serves GET (and POST) /{module}/actions/count, v2.1 on:
// {"count": "N"} for the whole module or for what one search parameter
// matches, the body Zoho's SDKs read into CountWrapper. The emulator has
// no custom views, so any cvid names none.
func (s *Server) handleCount(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("cvid") != "" {
		writeError(w, http.StatusBadRequest, "INVALID_DATA", "the given cvid is invalid", map[string]any{"param_name": "cvid"})
		return
	}
	kind, value, ok := searchParam(w, q)
	if !ok {
		return
	}
	s.withModule(w, r, func(m *moduleSpec) {
		keep := func(record) bool { return true }
		if kind != "" {
			if keep, ok = searchFilter(w, m, kind, value); !ok {
				return
			}
		}
		n := 0
		for _, rec := range m.records {
			if keep(rec) {
				n++
			}
		}
		// A string, as v8.0/record.json types it (Zoho's SDKs read it
		// into a BigInt, which takes either).
		writeJSON(w, http.StatusOK, map[string]any{"count": strconv.Itoa(n)})
	})
}

// searchFilter is the test a search of kind (criteria, email, phone,
// word) applies to each record.
func searchFilter(w http.ResponseWriter, m *moduleSpec, kind, value string) (func(record) bool, bool) {
	switch kind {
	case "criteria":
		c, err := parseCriteria(value, m)
		var ce *criteriaError
		if errors.As(err, &ce) {
			writeError(w, http.StatusBadRequest, "INVALID_QUERY", "Invalid query formed: "+ce.reason, ce.details)
			return nil, false
		}
		return c.match, true
	case "email", "phone":
		return func(rec record) bool {
			for _, f := range m.Fields {
				if f.DataType == kind && strings.EqualFold(asString(rec[f.APIName]), value) {
					return true
				}
			}
			return false
		}, true
	}
	word := strings.ToLower(value)
	return func(rec record) bool {
		for _, f := range m.Fields {
			if s, ok := rec[f.APIName].(string); ok && f.APIName != "id" && strings.Contains(strings.ToLower(s), word) {
				return true
			}
		}
		return false
	}, true
}
