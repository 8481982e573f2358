package crmsim

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

func (s *Server) routeCOQL(mux *http.ServeMux) {
	mux.HandleFunc("POST /crm/v2/coql", s.handleCOQL)
}

// handleCOQL serves POST /crm/v2/coql {"select_query": ...}: at most 200
// rows per call, 204 when nothing matches.
func (s *Server) handleCOQL(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	if err := decodeJSONBody(r, &body); err != nil {
		writeBodyError(w, err)
		return
	}
	text, ok := body["select_query"].(string)
	if !ok || strings.TrimSpace(text) == "" {
		writeError(w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", map[string]any{"param_name": "select_query"})
		return
	}
	q, qerr := parseCOQL(text)
	if qerr != nil {
		writeError(w, http.StatusBadRequest, qerr.Code, qerr.Message, qerr.Details)
		return
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	rows, more, qerr := s.crm.runCOQL(q)
	if qerr != nil {
		writeError(w, http.StatusBadRequest, qerr.Code, qerr.Message, qerr.Details)
		return
	}
	if len(rows) == 0 {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": rows, "info": map[string]any{"count": len(rows), "more_records": more}})
}

func invalidColumn(name string) *coqlError {
	return &coqlError{Code: "INVALID_QUERY", Message: "invalid column given", Details: map[string]any{"column_name": name}}
}

// runCOQL checks q against the module's metadata and evaluates it.
func (c *crmState) runCOQL(q *coqlQuery) ([]record, bool, *coqlError) {
	m := c.module(q.Module)
	if m == nil || !m.apiSupported {
		return nil, false, &coqlError{Code: "INVALID_QUERY", Message: "invalid module given", Details: map[string]any{"module_name": q.Module}}
	}
	limit := q.Limit
	if limit == 0 {
		limit = coqlMaxRows
	}
	if limit > coqlMaxRows {
		return nil, false, coqlLimit("limit exceeded", coqlMaxRows)
	}
	if q.Offset+limit > coqlMaxTotal {
		return nil, false, coqlLimit("offset limit exceeded", coqlMaxTotal)
	}
	known := func(f string) bool {
		base, _, dotted := strings.Cut(f, ".")
		spec := m.fieldByName[base]
		return spec != nil && (!dotted || spec.DataType == "lookup" || spec.DataType == "ownerlookup")
	}
	for _, f := range q.Fields {
		if !known(f) {
			return nil, false, invalidColumn(f)
		}
	}
	for _, o := range q.OrderBy {
		if !known(o.Field) {
			return nil, false, invalidColumn(o.Field)
		}
	}
	if bad := badColumn(q.Where, known); bad != "" {
		return nil, false, invalidColumn(bad)
	}
	if n := len(q.relations()); n > coqlMaxRelations {
		return nil, false, coqlLimit("relation limit exceeded", coqlMaxRelations)
	}
	// Without ORDER BY the rows come in the stored order (id ascending),
	// so the scan can stop at the first row past the page: whether one
	// exists is all more_records needs.
	want := -1
	if len(q.OrderBy) == 0 {
		want = q.Offset + limit + 1
	}
	var rows []record
	for _, rec := range m.records {
		if q.Where == nil || c.match(q.Where, rec) {
			if rows = append(rows, rec); len(rows) == want {
				break
			}
		}
	}
	if len(q.OrderBy) > 0 {
		slices.SortStableFunc(rows, func(a, b record) int {
			for _, o := range q.OrderBy {
				n := compareValues(c.fieldValue(a, o.Field), c.fieldValue(b, o.Field))
				if o.Desc {
					n = -n
				}
				if n != 0 {
					return n
				}
			}
			return 0
		})
	}
	if q.Offset >= len(rows) {
		return nil, false, nil
	}
	end := min(q.Offset+limit, len(rows))
	out := make([]record, 0, end-q.Offset)
	for _, rec := range rows[q.Offset:end] {
		row := record{"id": rec["id"]}
		for _, f := range q.Fields {
			row[f] = idOnly(c.fieldValue(rec, f))
		}
		out = append(out, row)
	}
	return out, end < len(rows), nil
}

// idOnly is a column as COQL returns it: a lookup or user as {"id"} alone,
// as Zoho's COQL does; a query selects Account_Name.Account_Name (or
// Owner.last_name) for more of the looked-up record.
func idOnly(v any) any {
	if ref, ok := v.(map[string]any); ok {
		if id, ok := ref["id"]; ok {
			return map[string]any{"id": id}
		}
	}
	return v
}

// relations are the lookups a query follows ("Account_Name" for
// Account_Name.Industry), each a join to Zoho.
func (q *coqlQuery) relations() map[string]bool {
	rel := map[string]bool{}
	add := func(f string) {
		if base, _, dotted := strings.Cut(f, "."); dotted {
			rel[base] = true
		}
	}
	for _, f := range q.Fields {
		add(f)
	}
	for _, o := range q.OrderBy {
		add(o.Field)
	}
	var walk func(e coqlExpr)
	walk = func(e coqlExpr) {
		switch x := e.(type) {
		case *coqlBool:
			walk(x.Left)
			walk(x.Right)
		case *coqlCond:
			add(x.Field)
		}
	}
	walk(q.Where)
	return rel
}

func badColumn(e coqlExpr, known func(string) bool) string {
	switch x := e.(type) {
	case *coqlBool:
		if bad := badColumn(x.Left, known); bad != "" {
			return bad
		}
		return badColumn(x.Right, known)
	case *coqlCond:
		if !known(x.Field) {
			return x.Field
		}
	}
	return ""
}

// fieldValue reads a field; "Lookup.Field" follows the lookup's id to the
// record it names, as a COQL relation does.
func (c *crmState) fieldValue(rec record, f string) any {
	base, sub, dotted := strings.Cut(f, ".")
	v := rec[base]
	if !dotted {
		return v
	}
	ref, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	if x, ok := ref[sub]; ok {
		return x
	}
	id := asString(ref["id"])
	for _, m := range c.modules {
		if i, ok := m.byID[id]; ok {
			return m.records[i][sub]
		}
	}
	return nil
}

func (c *crmState) match(e coqlExpr, rec record) bool {
	switch x := e.(type) {
	case *coqlBool:
		if x.Op == "and" {
			return c.match(x.Left, rec) && c.match(x.Right, rec)
		}
		return c.match(x.Left, rec) || c.match(x.Right, rec)
	case *coqlCond:
		v := c.fieldValue(rec, x.Field)
		if ref, ok := v.(map[string]any); ok {
			v = ref["id"] // a lookup compares by the id it holds
		}
		op, neg := strings.CutPrefix(x.Op, "not ")
		var ok bool
		switch op {
		case "is null":
			ok = isEmptyValue(v)
		case "is not null":
			ok = !isEmptyValue(v)
		case "=":
			ok = coqlCompare(v, x.Values[0]) == 0
		case "!=":
			ok = v != nil && coqlCompare(v, x.Values[0]) != 0
		case ">", "<", ">=", "<=":
			if v == nil {
				return false
			}
			n := coqlCompare(v, x.Values[0])
			ok = op == ">" && n > 0 || op == "<" && n < 0 || op == ">=" && n >= 0 || op == "<=" && n <= 0
		case "between":
			ok = v != nil && coqlCompare(v, x.Values[0]) >= 0 && coqlCompare(v, x.Values[1]) <= 0
		case "in":
			for _, lit := range x.Values {
				if v != nil && coqlCompare(v, lit) == 0 {
					ok = true
					break
				}
			}
		case "like":
			ok = v != nil && likeMatch(strings.ToLower(valueText(v)), strings.ToLower(x.Values[0].Text))
		}
		return ok != neg
	}
	return false
}

func isEmptyValue(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	}
	return false
}

func valueText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	}
	if f, ok := number(v); ok {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return ""
}

// coqlCompare orders a field value against a literal: numerically when
// both are numbers, otherwise as case-insensitive text.
func coqlCompare(v any, lit coqlValue) int {
	if f, ok := number(v); ok && lit.Kind == 'n' {
		g, _ := strconv.ParseFloat(lit.Text, 64)
		switch {
		case f < g:
			return -1
		case f > g:
			return 1
		}
		return 0
	}
	return strings.Compare(strings.ToLower(valueText(v)), strings.ToLower(lit.Text))
}

// likeMatch matches s against a pattern where % stands for any run of
// characters.
func likeMatch(s, pattern string) bool {
	parts := strings.Split(pattern, "%")
	if len(parts) == 1 {
		return s == pattern
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	last := parts[len(parts)-1]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return strings.HasSuffix(s, last)
}
