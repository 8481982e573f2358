package crmsim

import (
	"net/http"
	"slices"
)

// Notes are records of the Notes module that name their parent with
// Parent_Id {name, id} and $se_module, so /crm/v2/Notes and the records
// list see the same data.
func (s *Server) routeNotes(mux *http.ServeMux) {
	mux.HandleFunc("POST /crm/v2/Notes", s.handleNotesCreate)
	mux.HandleFunc("GET /crm/v2/Notes/{note_id}", s.handleNoteGet)
	mux.HandleFunc("PUT /crm/v2/Notes/{note_id}", s.handleNoteUpdate)
	mux.HandleFunc("DELETE /crm/v2/Notes/{note_id}", s.handleNoteDelete)
	mux.HandleFunc("DELETE /crm/v2/Notes", s.handleNotesDelete)
	// module-level record calls on Notes, whatever serves them
	mux.Handle("GET /crm/v2/Notes/deleted", passThrough{})
	mux.Handle("GET /crm/v2/Notes/search", passThrough{})
	mux.HandleFunc("GET /crm/v2/{module}/{id}/Notes", s.handleNotesList)
	mux.HandleFunc("POST /crm/v2/{module}/{id}/Notes", s.handleNotesCreate)
	mux.HandleFunc("GET /crm/v2/{module}/{id}/Notes/{note_id}", s.handleNoteGet)
	mux.HandleFunc("PUT /crm/v2/{module}/{id}/Notes/{note_id}", s.handleNoteUpdate)
	mux.HandleFunc("DELETE /crm/v2/{module}/{id}/Notes/{note_id}", s.handleNoteDelete)
}

// parentOf resolves the {module}/{id} of a nested notes or attachments
// path; ok is false after it has written Zoho's error.
func (s *Server) parentOf(w http.ResponseWriter, r *http.Request) (m *moduleSpec, rec record, ok bool) {
	m = s.crm.module(r.PathValue("module"))
	if m == nil || !m.apiSupported {
		invalidModule(w)
		return nil, nil, false
	}
	i, found := m.byID[r.PathValue("id")]
	if !found {
		writeError(w, http.StatusBadRequest, "INVALID_DATA", "the related id given seems to be invalid", map[string]any{"resource_path_index": 1})
		return nil, nil, false
	}
	return m, m.records[i], true
}

// recordName is what a lookup to rec shows as its name.
func (m *moduleSpec) recordName(rec record) string {
	for _, f := range []string{"Full_Name", "Account_Name", "Deal_Name", "Subject", "Note_Title", "Last_Name"} {
		if v, ok := rec[f].(string); ok && v != "" {
			return v
		}
	}
	return asString(rec["id"])
}

// readData decodes a {"data":[...]} body of at most 100 items.
func readData(w http.ResponseWriter, r *http.Request) ([]map[string]any, bool) {
	var body struct {
		Data []map[string]any `json:"data"`
	}
	if err := decodeJSONBody(r, &body); err != nil {
		writeBodyError(w, err)
		return nil, false
	}
	if len(body.Data) == 0 {
		writeError(w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", map[string]any{"param_name": "data"})
		return nil, false
	}
	if len(body.Data) > 100 {
		writeError(w, http.StatusBadRequest, "LIMIT_EXCEEDED", "count of records in your request exceeds the limit", map[string]any{"maximum_length": 100, "api_name": "data"})
		return nil, false
	}
	return body.Data, true
}

func (s *Server) notesModule(w http.ResponseWriter) *moduleSpec {
	n := s.crm.module("Notes")
	if n == nil {
		invalidModule(w)
	}
	return n
}

func (s *Server) handleNotesList(w http.ResponseWriter, r *http.Request) {
	page, perPage, ok := pageParams(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	notes := s.notesModule(w)
	if notes == nil {
		return
	}
	parentID := ""
	if r.PathValue("module") != "" {
		_, parent, ok := s.parentOf(w, r)
		if !ok {
			return
		}
		parentID = parent["id"].(string)
	}
	var rows []record
	for _, n := range notes.records {
		if parentID == "" || asString(n["Parent_Id"].(map[string]any)["id"]) == parentID {
			rows = append(rows, n)
		}
	}
	writePage(w, "data", rows, page, perPage)
}

// pageParams reads page and per_page (capped at 200); ok is false after
// it has written Zoho's error.
func pageParams(w http.ResponseWriter, r *http.Request) (page, perPage int, ok bool) {
	if page, ok = queryInt(r, "page", 1); !ok {
		invalidParam(w, "page")
		return 0, 0, false
	}
	if perPage, ok = queryInt(r, "per_page", maxPerPage); !ok {
		invalidParam(w, "per_page")
		return 0, 0, false
	}
	return page, min(perPage, maxPerPage), true
}

// writePage writes one page of rows under key with Zoho's info, or 204.
func writePage[T any](w http.ResponseWriter, key string, rows []T, page, perPage int) {
	start := (page - 1) * perPage
	if start >= len(rows) {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	end := min(start+perPage, len(rows))
	writeJSON(w, http.StatusOK, map[string]any{
		key:    rows[start:end],
		"info": map[string]any{"per_page": perPage, "count": end - start, "page": page, "more_records": end < len(rows)},
	})
}

// deletedResult is the per-item reply for a deleted record.
func deletedResult(id any) map[string]any {
	return map[string]any{"code": "SUCCESS", "details": map[string]any{"id": id}, "message": "record deleted", "status": "success"}
}

func (s *Server) handleNotesCreate(w http.ResponseWriter, r *http.Request) {
	data, ok := readData(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	notes := s.notesModule(w)
	if notes == nil {
		return
	}
	var fixedParent record
	var fixedModule *moduleSpec
	if r.PathValue("module") != "" {
		if fixedModule, fixedParent, ok = s.parentOf(w, r); !ok {
			return
		}
	}
	user := s.crm.findUser(userFrom(r.Context()))
	results := make([]map[string]any, len(data))
	failed := 0
	for i, in := range data {
		pm, parent := fixedModule, fixedParent
		if parent == nil {
			pm, parent = s.crm.noteParent(in)
		}
		content, _ := in["Note_Content"].(string)
		switch {
		case parent == nil:
			results[i] = recordError("INVALID_DATA", "the related id given seems to be invalid", map[string]any{"api_name": "Parent_Id"})
		case content == "":
			results[i] = recordError("MANDATORY_NOT_FOUND", "required field not found", map[string]any{"api_name": "Note_Content"})
		}
		if results[i] != nil {
			failed++
			continue
		}
		now := s.now().Format(zohoTime)
		n := record{
			"id": s.crm.newID(), "Note_Title": in["Note_Title"], "Note_Content": content,
			"Parent_Id": map[string]any{"name": pm.recordName(parent), "id": parent["id"]}, "$se_module": pm.APIName,
			"Owner": user.ref(), "Created_By": user.ref(), "Modified_By": user.ref(), "Created_Time": now, "Modified_Time": now,
		}
		notes.insert(n)
		results[i] = recordSuccess("record added", n)
	}
	writeResults(w, http.StatusCreated, results, failed)
}

// noteParent reads Parent_Id ("id" or {"id"}) and se_module/$se_module
// of an org-wide note create.
func (c *crmState) noteParent(in map[string]any) (*moduleSpec, record) {
	id := asString(in["Parent_Id"])
	if ref, ok := in["Parent_Id"].(map[string]any); ok {
		id = asString(ref["id"])
	}
	name := asString(in["se_module"])
	if name == "" {
		name = asString(in["$se_module"])
	}
	m := c.module(name)
	if m == nil {
		return nil, nil
	}
	i, ok := m.byID[id]
	if !ok {
		return nil, nil
	}
	return m, m.records[i]
}

func recordError(code, message string, details map[string]any) map[string]any {
	return map[string]any{"code": code, "details": details, "message": message, "status": "error"}
}

func recordSuccess(message string, rec record) map[string]any {
	return map[string]any{"code": "SUCCESS", "message": message, "status": "success", "details": map[string]any{
		"id": rec["id"], "Created_Time": rec["Created_Time"], "Modified_Time": rec["Modified_Time"],
		"Created_By": rec["Created_By"], "Modified_By": rec["Modified_By"],
	}}
}

// writeResults picks the batch status: ok when all succeeded, 207 when
// mixed, 400 when all failed.
func writeResults(w http.ResponseWriter, ok int, results []map[string]any, failed int) {
	writeJSON(w, batchStatus(ok, len(results), failed), map[string]any{"data": results})
}

// batchStatus is the status of n results of which failed failed.
func batchStatus(ok, n, failed int) int {
	switch {
	case failed == n:
		return http.StatusBadRequest
	case failed > 0:
		return http.StatusMultiStatus
	}
	return ok
}

// failures counts the results that are not successes.
func failures(results []result) int {
	failed := 0
	for _, r := range results {
		if r["status"] != "success" {
			failed++
		}
	}
	return failed
}

// findNote finds a note by the path's note_id, also checking it belongs to
// the path's parent on nested paths.
func (s *Server) findNote(w http.ResponseWriter, r *http.Request) (*moduleSpec, int, bool) {
	notes := s.notesModule(w)
	if notes == nil {
		return nil, 0, false
	}
	i, ok := notes.byID[r.PathValue("note_id")]
	if ok && r.PathValue("module") != "" {
		_, parent, pok := s.parentOf(w, r)
		if !pok {
			return nil, 0, false
		}
		ok = asString(notes.records[i]["Parent_Id"].(map[string]any)["id"]) == parent["id"]
	}
	if !ok {
		writeError(w, http.StatusBadRequest, "INVALID_DATA", "the id given seems to be invalid", map[string]any{"resource_path_index": 0})
		return nil, 0, false
	}
	return notes, i, true
}

func (s *Server) handleNoteGet(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	notes, i, ok := s.findNote(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": []record{notes.records[i]}})
}

func (s *Server) handleNoteUpdate(w http.ResponseWriter, r *http.Request) {
	data, ok := readData(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	notes, i, ok := s.findNote(w, r)
	if !ok {
		return
	}
	n := notes.records[i]
	for _, k := range []string{"Note_Title", "Note_Content"} {
		if v, ok := data[0][k]; ok {
			n[k] = v
		}
	}
	n["Modified_Time"] = s.now().Format(zohoTime)
	if u := s.crm.findUser(userFrom(r.Context())); u != nil {
		n["Modified_By"] = u.ref()
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": []any{recordSuccess("record updated", n)}})
}

func (s *Server) handleNoteDelete(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	notes, i, ok := s.findNote(w, r)
	if !ok {
		return
	}
	id := notes.records[i]["id"]
	notes.remove(i, s.actor(r), s.stamp(s.now()))
	writeJSON(w, http.StatusOK, map[string]any{"data": []any{deletedResult(id)}})
}

// handleNotesDelete serves DELETE /Notes?ids=a,b: one result per id.
func (s *Server) handleNotesDelete(w http.ResponseWriter, r *http.Request) {
	ids := splitList(r.URL.Query().Get("ids"))
	if !countOK(w, len(ids), maxWriteRecords, "param_name", "ids") {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	notes := s.notesModule(w)
	if notes == nil {
		return
	}
	results := make([]map[string]any, len(ids))
	failed := 0
	for k, id := range ids {
		i, ok := notes.byID[id]
		if !ok {
			results[k] = recordError("INVALID_DATA", "record not deleted", map[string]any{"id": id})
			failed++
			continue
		}
		notes.remove(i, s.actor(r), s.stamp(s.now()))
		results[k] = deletedResult(id)
	}
	writeResults(w, http.StatusOK, results, failed)
}

// remove deletes the record at index i into the recycle bin (GET
// /{module}/deleted lists it), by the user referenced by by at time now,
// and reindexes the rest.
func (m *moduleSpec) remove(i int, by any, now string) {
	rec := m.records[i]
	m.deleted = append(m.deleted, record{"id": rec["id"], "display_name": m.recordName(rec), "type": "recycle",
		"deleted_by": by, "created_by": rec["Created_By"], "deleted_time": now})
	delete(m.byID, m.records[i]["id"].(string))
	m.records = slices.Delete(m.records, i, i+1)
	for j := i; j < len(m.records); j++ {
		m.byID[m.records[j]["id"].(string)] = j
	}
}
