package crmsim

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/mail"
	"slices"
	"sort"
	"strings"
	"time"
)

const maxWriteRecords = 100

// result is one element of a write reply's data[]: Zoho's per-record
// envelope, in the same position as the input record.
type result = map[string]any

func success(message string, details map[string]any) result {
	return result{"code": "SUCCESS", "details": details, "message": message, "status": "success"}
}

// answer writes a batch's results with writeResults: allOK when every
// record succeeded, 207 when mixed, 400 when all failed (still with data[]).
func answer(w http.ResponseWriter, results []result, allOK int) {
	writeResults(w, allOK, results, failures(results))
}

// readBody decodes a JSON object body with decodeJSONBody (which takes
// JSON with no Content-Type, as real clients send it).
func readBody(w http.ResponseWriter, r *http.Request) (map[string]any, bool) {
	var body map[string]any
	if err := decodeJSONBody(r, &body); err != nil {
		writeBodyError(w, err)
		return nil, false
	}
	return body, true
}

// writeBody is a validated write request: its data[] and options.
type writeBody struct {
	data     []any
	dupCheck []string
}

// readWriteBody reads {"data":[...], "trigger":[...], ...} and applies the
// request-level limits: data present, at most 100 records, known triggers.
func readWriteBody(w http.ResponseWriter, r *http.Request) (*writeBody, bool) {
	body, ok := readBody(w, r)
	if !ok {
		return nil, false
	}
	data, _ := body["data"].([]any)
	if !countOK(w, len(data), maxWriteRecords, "api_name", "data") {
		return nil, false
	}
	triggers, ok := bodyStrings(body, "trigger")
	for _, t := range triggers {
		ok = ok && (t == "workflow" || t == "approval" || t == "blueprint")
	}
	dupCheck, dupOK := bodyStrings(body, "duplicate_check_fields")
	switch {
	case !ok:
		invalidBodyKey(w, "trigger")
		return nil, false
	case !dupOK:
		invalidBodyKey(w, "duplicate_check_fields")
		return nil, false
	}
	wb := &writeBody{data: data, dupCheck: dupCheck}
	return wb, true
}

// bodyStrings reads an optional array of strings from a body; nil when
// absent, false when it is something else.
func bodyStrings(body map[string]any, key string) ([]string, bool) {
	v, present := body[key]
	if !present {
		return nil, true
	}
	list, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := []string{}
	for _, x := range list {
		s, ok := x.(string)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

func missingParam(w http.ResponseWriter, name string) {
	writeError(w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", map[string]any{"param_name": name})
}

// countOK checks how many records a request names: none is
// REQUIRED_PARAM_MISSING, more than limit LIMIT_EXCEEDED, with the name
// under key (api_name for a body key, param_name for a query parameter).
func countOK(w http.ResponseWriter, n, limit int, key, name string) bool {
	switch {
	case n == 0:
		missingParam(w, name)
		return false
	case n > limit:
		writeError(w, http.StatusBadRequest, "LIMIT_EXCEEDED", "count of records in your request exceeds the limit",
			map[string]any{"maximum_length": limit, key: name})
		return false
	}
	return true
}

func invalidBodyKey(w http.ResponseWriter, key string) {
	writeError(w, http.StatusBadRequest, "INVALID_DATA", "invalid data", map[string]any{"api_name": key})
}

// systemFields are kept by the emulator; values sent for them are ignored,
// as Zoho ignores read-only fields in a write.
var systemFields = map[string]bool{
	"Created_Time": true, "Modified_Time": true, "Created_By": true, "Modified_By": true, "Full_Name": true,
}

// writer applies one batch to a module with s.mu held.
type writer struct {
	c    *crmState
	m    *moduleSpec
	user *crmUser
	now  string
	// changes are the record writes to notify watch channels of.
	changes []change
}

// actor is the reference of the user a request acts for, nil if unknown.
func (s *Server) actor(r *http.Request) any {
	if u := s.crm.findUser(userFrom(r.Context())); u != nil {
		return u.ref()
	}
	return nil
}

// withWriter runs fn with s.mu held and a writer on the path's module
// acting for the calling user, answering INVALID_MODULE when there is none.
// What fn changed is then published to the watch channels, without the lock.
func (s *Server) withWriter(w http.ResponseWriter, r *http.Request, fn func(wr *writer)) {
	var wr *writer
	s.withModule(w, r, func(m *moduleSpec) {
		u := s.crm.findUser(userFrom(r.Context()))
		wr = &writer{c: s.crm, m: m, user: u, now: s.stamp(s.now())}
		fn(wr)
	})
	if wr != nil {
		s.publish(wr.changes)
	}
}

// stamp formats t as Zoho writes record times, in the org's time zone
// (UTC for the emulator), so times compare as text too.
func (s *Server) stamp(t time.Time) string { return t.UTC().Format(zohoTime) }

func jsonPath(i int, field string) string { return fmt.Sprintf("$.data[%d].%s", i, field) }

// patch validates the fields of input record i against the module's
// metadata and returns them converted for storage. self is the id of the
// record being updated ("" on insert), so it does not clash with itself on
// unique fields.
func (wr *writer) patch(raw any, i int, self string) (record, result) {
	in, ok := raw.(map[string]any)
	if !ok {
		return nil, recordError("INVALID_DATA", "invalid data", map[string]any{"json_path": fmt.Sprintf("$.data[%d]", i)})
	}
	p := record{}
	for k, v := range in {
		if k == "id" || systemFields[k] || strings.HasPrefix(k, "$") {
			continue
		}
		f := wr.m.fieldByName[k]
		if f == nil {
			return nil, recordError("INVALID_DATA", "the field api name given seems to be invalid", map[string]any{"api_name": k, "json_path": jsonPath(i, k)})
		}
		val, ok := wr.fieldValue(f, v)
		if !ok {
			return nil, recordError("INVALID_DATA", "invalid data", map[string]any{"expected_data_type": f.DataType, "api_name": k, "json_path": jsonPath(i, k)})
		}
		p[k] = val
	}
	for _, f := range wr.m.Fields {
		v, present := p[f.APIName]
		if f.Mandatory && (present || self == "") && isBlank(v) {
			return nil, recordError("MANDATORY_NOT_FOUND", "required field not found", map[string]any{"api_name": f.APIName, "json_path": jsonPath(i, f.APIName)})
		}
		if f.Unique && present && !isBlank(v) {
			if dup := wr.m.findBy(f.APIName, v, self); dup != nil {
				return nil, recordError("DUPLICATE_DATA", "duplicate data", map[string]any{
					"api_name": f.APIName, "id": dup["id"], "json_path": jsonPath(i, f.APIName), "more_records": false,
					"duplicate_record": map[string]any{"id": dup["id"], "Owner": dup["Owner"]},
				})
			}
		}
	}
	return p, nil
}

func isBlank(v any) bool { return v == nil || v == "" }

// findBy returns a live record other than self whose field equals v,
// compared as Zoho compares unique values: case-insensitively.
func (m *moduleSpec) findBy(field string, v any, self string) record {
	s, ok := v.(string)
	if !ok || foldKey(s) != foldKey(strings.ToUpper(s)) {
		// Not text, or text whose case folding ToLower does not capture.
		for _, rec := range m.records {
			if rec["id"] != self && sameValue(rec[field], v) {
				return rec
			}
		}
		return nil
	}
	idx := m.unique[field]
	if idx == nil {
		if m.unique == nil {
			m.unique = map[string]map[string][]record{}
		}
		idx = map[string][]record{}
		m.unique[field] = idx
		for _, rec := range m.records {
			if t, ok := rec[field].(string); ok && t != "" {
				idx[foldKey(t)] = append(idx[foldKey(t)], rec)
			}
		}
	}
	first := -1
	for _, cand := range idx[foldKey(s)] {
		id := asString(cand["id"])
		i, live := m.byID[id]
		if !live || id == self || !sameValue(m.records[i][field], v) {
			continue
		}
		if first < 0 || i < first {
			first = i // the oldest match, as a scan in creation order finds
		}
	}
	if first < 0 {
		return nil
	}
	return m.records[first]
}

func sameValue(a, b any) bool {
	if a == nil || b == nil {
		return false
	}
	if as, ok := a.(string); ok {
		bs, ok := b.(string)
		return ok && strings.EqualFold(as, bs)
	}
	return compareValues(a, b) == 0
}

// fieldValue converts a JSON value for field f, or reports it invalid.
// null clears any field, and so does "" in a text, picklist, email, phone
// or website field: Zoho stores no empty text, it reads back null (so
// "Email is null" finds it and an empty Email never takes part in a
// duplicate check). Mandatory checks happen after.
func (wr *writer) fieldValue(f *fieldSpec, v any) (any, bool) {
	if v == nil || v == "" && f.APIName != "Tag" && textLike(f.DataType) {
		return nil, true
	}
	switch f.DataType {
	case "text", "textarea", "website":
		if f.APIName == "Tag" {
			return wr.tags(v)
		}
		s, ok := v.(string)
		return s, ok
	case "picklist":
		return picklistValue(f, v)
	case "phone":
		s, ok := v.(string)
		return s, ok && strings.Trim(s, "0123456789+-() .x") == ""
	case "email":
		s, ok := v.(string)
		if !ok {
			return nil, false
		}
		a, err := mail.ParseAddress(s)
		return s, err == nil && a.Address == s && strings.Contains(s[strings.IndexByte(s, '@'):], ".")
	case "integer":
		n, ok := v.(json.Number)
		if !ok {
			return nil, false
		}
		i, err := n.Int64()
		return i, err == nil
	case "currency", "double":
		n, ok := v.(json.Number)
		if !ok {
			return nil, false
		}
		if i, err := n.Int64(); err == nil {
			return i, true
		}
		f, err := n.Float64()
		return f, err == nil && !math.IsInf(f, 0)
	case "boolean":
		b, ok := v.(bool)
		return b, ok
	case "date":
		s, ok := v.(string)
		if !ok {
			return nil, false
		}
		_, err := time.Parse("2006-01-02", s)
		return s, err == nil
	case "datetime":
		s, ok := v.(string)
		if !ok {
			return nil, false
		}
		_, err := parseZohoTime(s)
		return s, err == nil
	case "lookup":
		return wr.lookup(f, v)
	case "ownerlookup":
		id := refID(v)
		u := wr.c.findUser(id)
		if id == "" || u == nil {
			return nil, false
		}
		return u.ref(), true
	}
	return nil, false
}

func textLike(dataType string) bool {
	switch dataType {
	case "text", "textarea", "picklist", "email", "phone", "website":
		return true
	}
	return false
}

// picklistValue accepts one of the field's options, as /settings/fields
// lists them. Zoho documents that create, update and upsert send a
// picklist's display_value (help.zoho.com, "Kaizen #205: Managing
// picklists via Zoho CRM APIs"), and a value outside the list is refused
// as invalid data rather than stored as an option nobody defined.
// "-None-", the list's empty choice, clears the field.
func picklistValue(f *fieldSpec, v any) (any, bool) {
	s, ok := v.(string)
	if !ok {
		return nil, false
	}
	options := pickListValues(f.APIName)
	switch {
	case s == "-None-":
		return nil, true
	case options == nil || slices.Contains(options, s):
		return s, true
	}
	return nil, false
}

// refID reads the id of a lookup value: {"id": "..."} or the bare id.
func refID(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		s, _ := x["id"].(string)
		return s
	}
	return ""
}

func (wr *writer) lookup(f *fieldSpec, v any) (any, bool) {
	id := refID(v)
	if !validID(id) {
		return nil, false
	}
	target := wr.c.module(lookupTarget(f.APIName))
	if target == nil { // What_Id, Parent_Id: the module is the record's $se_module
		return map[string]any{"id": id}, true
	}
	rec := target.get(id)
	if rec == nil {
		return nil, false
	}
	return map[string]any{"name": target.recordName(rec), "id": id}, true
}

// tags converts a Tag value: [{"name": "x"}] or ["x"].
func (wr *writer) tags(v any) (any, bool) {
	list, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := []any{}
	for _, t := range list {
		name, _ := t.(string)
		if m, ok := t.(map[string]any); ok {
			name, _ = m["name"].(string)
		}
		if name == "" {
			return nil, false
		}
		out = append(out, wr.c.tagRef(wr.m, name))
	}
	return out, true
}

func (c *crmState) tagRef(m *moduleSpec, name string) map[string]any {
	// The id, colour and stamps /settings/tags shows: a record's Tag
	// entries are v8.0/tags.json's Tag, which requires them all.
	t := map[string]any{"name": name, "id": derivedID(m.APIName + "/tag/" + name), "color_code": tagColor(name),
		"created_time": seedEpoch.Format(zohoTime), "modified_time": seedEpoch.Format(zohoTime), "created_by": nil, "modified_by": nil}
	if admin := c.findUser(""); admin != nil {
		t["created_by"], t["modified_by"] = admin.ref(), admin.ref()
	}
	return t
}

// tagColors are the colours v8.0/tags.json allows for a tag's color_code.
var tagColors = []string{"#57B1FD", "#879BFC", "#658BA8", "#FD87BD", "#969696", "#F48435", "#1DB9B4", "#E7A826",
	"#63C57E", "#F17574", "#D297EE", "#A8C026", "#B88562"}

// tagColor gives each tag name one colour of Zoho's palette for good.
func tagColor(name string) string {
	h := 0
	for _, r := range strings.ToLower(name) {
		h = h*31 + int(r)
	}
	return tagColors[(h%len(tagColors)+len(tagColors))%len(tagColors)]
}

// validID reports whether s looks like a Zoho record id.
func validID(s string) bool {
	if len(s) < 5 || len(s) > 20 {
		return false
	}
	return strings.Trim(s, "0123456789") == ""
}

func (m *moduleSpec) get(id string) record {
	if i, ok := m.byID[id]; ok {
		return m.records[i]
	}
	return nil
}

// insert stores a validated patch as a new record with Zoho's system
// fields, every other field present (null when unset).
func (wr *writer) insert(p record) record {
	rec := make(record, len(wr.m.Fields)+4) // sized once: no growth per field
	for _, f := range wr.m.Fields {
		rec[f.APIName] = nil
	}
	for k, v := range p {
		rec[k] = v
	}
	rec["id"] = wr.c.newID()
	if rec["Owner"] == nil && wr.user != nil {
		rec["Owner"] = wr.user.ref()
	}
	rec["Created_Time"], rec["Modified_Time"] = wr.now, wr.now
	if wr.user != nil {
		rec["Created_By"], rec["Modified_By"] = wr.user.ref(), wr.user.ref()
	}
	if rec["Tag"] == nil {
		rec["Tag"] = []any{}
	}
	if wr.m.APIName == "Leads" {
		rec["$converted"], rec["$approved"] = false, true
	}
	fullName(wr.m, rec)
	wr.m.insert(rec)
	wr.record("insert", rec["id"].(string), nil)
	return rec
}

func (wr *writer) update(rec, p record) {
	for k, v := range p {
		rec[k] = v
	}
	rec["Modified_Time"] = wr.now
	if wr.user != nil {
		rec["Modified_By"] = wr.user.ref()
	}
	fullName(wr.m, rec)
	wr.m.indexUnique(rec)
	fields := make([]string, 0, len(p))
	for k := range p {
		fields = append(fields, k)
	}
	sort.Strings(fields)
	wr.record("update", rec["id"].(string), fields)
}

func fullName(m *moduleSpec, rec record) {
	if m.fieldByName["Full_Name"] == nil {
		return
	}
	rec["Full_Name"] = strings.TrimSpace(asString(rec["First_Name"]) + " " + asString(rec["Last_Name"]))
}

// recordWrite answers input record i of a batch.
type recordWrite func(i int, raw any) result

// serveBatch serves an insert, update or upsert: it reads the body and,
// with the lock held, lets start check the request as a whole and return
// the write applied to each record, then answers the per-record results.
// always is the all-success status of batches whose status does not
// depend on their size.
func always(status int) func(int) int { return func(int) int { return status } }

func (s *Server) serveBatch(w http.ResponseWriter, r *http.Request, allOK func(records int) int, start func(*writer, *writeBody) (recordWrite, bool)) {
	wb, ok := readWriteBody(w, r)
	if !ok {
		return
	}
	var results []result
	s.withWriter(w, r, func(wr *writer) {
		one, ok := start(wr, wb)
		if !ok {
			return
		}
		results = make([]result, len(wb.data))
		for i, raw := range wb.data {
			results[i] = one(i, raw)
		}
	})
	// Answered outside the lock: concurrent batches wait for each
	// other's changes, not for each other's replies to be encoded and sent.
	if results != nil {
		answer(w, results, allOK(len(results)))
	}
}

// insertOne applies input record i of an insert.
func (wr *writer) insertOne(raw any, i int) result {
	p, fail := wr.patch(raw, i, "")
	if fail != nil {
		return fail
	}
	return recordSuccess("record added", wr.insert(p))
}

// handleInsert serves POST /{module}: 201 when every record was added, or
// with Options.Accepted202 the v2 status table's 202 for an insert of more
// than one record (zoho-api.md §3.1; which one v2 servers send today is
// unconfirmed, and clients treat them alike).
func (s *Server) handleInsert(w http.ResponseWriter, r *http.Request) {
	allOK := func(n int) int {
		if s.opts.Accepted202 && n > 1 {
			return http.StatusAccepted
		}
		return http.StatusCreated
	}
	s.serveBatch(w, r, allOK, func(wr *writer, _ *writeBody) (recordWrite, bool) {
		return func(i int, raw any) result { return wr.insertOne(raw, i) }, true
	})
}

// updateOne applies input record i of an update; id is the record's id
// from the body or, for PUT /{module}/{id}, the path.
func (wr *writer) updateOne(raw any, i int, id any) result {
	if id == nil {
		return recordError("MANDATORY_NOT_FOUND", "required field not found", map[string]any{"api_name": "id", "json_path": jsonPath(i, "id")})
	}
	sid, ok := id.(string)
	rec := wr.m.get(sid)
	if !ok || rec == nil {
		return recordError("INVALID_DATA", "the id given seems to be invalid", map[string]any{"api_name": "id", "id": id, "json_path": jsonPath(i, "id")})
	}
	p, fail := wr.patch(raw, i, sid)
	if fail != nil {
		return fail
	}
	wr.update(rec, p)
	return recordSuccess("record updated", rec)
}

// handleUpdate serves PUT /{module} and PUT /{module}/{id}.
func (s *Server) handleUpdate(w http.ResponseWriter, r *http.Request, pathID string) {
	s.serveBatch(w, r, always(http.StatusOK), func(wr *writer, _ *writeBody) (recordWrite, bool) {
		return func(i int, raw any) result {
			var id any
			if m, ok := raw.(map[string]any); ok {
				id = m["id"]
			}
			if pathID != "" {
				id = pathID
			}
			return wr.updateOne(raw, i, id)
		}, true
	})
}

// handleUpsert serves POST /{module}/upsert: each record updates the
// first live record matching one of duplicate_check_fields (in order;
// default the module's unique fields) or is inserted.
func (s *Server) handleUpsert(w http.ResponseWriter, r *http.Request) {
	s.serveBatch(w, r, always(http.StatusOK), func(wr *writer, wb *writeBody) (recordWrite, bool) {
		dup := wb.dupCheck
		for _, f := range dup {
			if wr.m.fieldByName[f] == nil {
				invalidBodyKey(w, "duplicate_check_fields")
				return nil, false
			}
		}
		if dup == nil {
			for _, f := range wr.m.Fields {
				if f.Unique {
					dup = append(dup, f.APIName)
				}
			}
		}
		return func(i int, raw any) result { return wr.upsertOne(raw, i, dup) }, true
	})
}

// upsertOne updates the record input record i matches on one of dup, or
// inserts it; the result says which and through which field.
func (wr *writer) upsertOne(raw any, i int, dup []string) result {
	in, _ := raw.(map[string]any)
	var match record
	var field any // the duplicate_field; null for an insert
	for _, f := range dup {
		if v, ok := in[f]; ok && !isBlank(v) {
			if match = wr.m.findBy(f, v, ""); match != nil {
				field = f
				break
			}
		}
	}
	var res result
	if match != nil {
		res = wr.updateOne(raw, i, match["id"])
		res["action"] = "update"
	} else {
		res = wr.insertOne(raw, i)
		res["action"] = "insert"
	}
	res["duplicate_field"] = field
	return res
}

// byRef is the user reference a writer stamps on what it changes.
func (wr *writer) byRef() any {
	if wr.user == nil {
		return nil
	}
	return wr.user.ref()
}

// handleDelete serves DELETE /{module}?ids=a,b and DELETE /{module}/{id}.
func (s *Server) handleDelete(w http.ResponseWriter, r *http.Request, pathID string) {
	ids := []string{pathID}
	if pathID == "" {
		ids = splitList(r.URL.Query().Get("ids"))
		if !countOK(w, len(ids), maxWriteRecords, "param_name", "ids") {
			return
		}
	}
	s.withWriter(w, r, func(wr *writer) { wr.delete(w, ids, pathID) })
}

// delete answers a delete of ids; pathID is set for DELETE /{module}/{id}.
func (wr *writer) delete(w http.ResponseWriter, ids []string, pathID string) {
	if pathID != "" && wr.m.get(pathID) == nil {
		writeError(w, http.StatusBadRequest, "INVALID_DATA", "invalid record id", map[string]any{"resource_path_index": 1})
		return
	}
	results := make([]result, len(ids))
	for i, id := range ids {
		at, ok := wr.m.byID[id] // an id given twice is gone the second time
		if !ok {
			results[i] = recordError("INVALID_DATA", "record not deleted", map[string]any{"id": id})
			continue
		}
		wr.m.remove(at, wr.byRef(), wr.now)
		wr.record("delete", id, nil)
		results[i] = deletedResult(id)
	}
	answer(w, results, http.StatusOK)
}
