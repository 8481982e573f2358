package crmsim

import (
	"net/http"
	"strings"
)

const maxTagRecords = 500 // records per add_tags/remove_tags call (zoho-api.md §4.5)

// handleMassUpdate serves POST /{module}/actions/mass_update with
// {"data":[{field: value}], "ids":[...]}: the same fields on every record,
// one result per id.
func (s *Server) handleMassUpdate(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	data, _ := body["data"].([]any)
	if len(data) != 1 {
		missingParam(w, "data")
		return
	}
	rawIDs, _ := body["ids"].([]any)
	if !countOK(w, len(rawIDs), maxWriteRecords, "api_name", "ids") {
		return
	}
	s.withWriter(w, r, func(wr *writer) {
		results := make([]result, len(rawIDs))
		for i, id := range rawIDs {
			res := wr.updateOne(data[0], 0, id)
			if res["status"] == "success" {
				res = success("record updated", map[string]any{"id": id})
			}
			results[i] = res
		}
		answer(w, results, http.StatusOK)
	})
}

// handleConvert serves POST /Leads/{id}/actions/convert: the lead becomes
// a Contact, an Account (the one given, an existing one named like the
// lead's Company, or a new one) and optionally a Deal; the lead is kept
// with $converted true, so default listings no longer show it.
func (s *Server) handleConvert(w http.ResponseWriter, r *http.Request, id string) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	var opts map[string]any
	if data, _ := body["data"].([]any); len(data) == 1 {
		opts, _ = data[0].(map[string]any)
	}
	if opts == nil {
		missingParam(w, "data")
		return
	}
	s.withWriter(w, r, func(leads *writer) { s.convert(w, leads, id, opts) })
}

// convert converts lead id of the leads writer as handleConvert describes.
func (s *Server) convert(w http.ResponseWriter, leads *writer, id string, opts map[string]any) {
	if leads.m.APIName != "Leads" {
		invalidModule(w)
		return
	}
	lead := leads.m.get(id)
	if lead == nil {
		invalidID(w, 1)
		return
	}
	if lead["$converted"] == true {
		writeError(w, http.StatusBadRequest, "INVALID_DATA", "the lead has already been converted", map[string]any{"id": id})
		return
	}
	sub := func(module string) *writer {
		return &writer{c: s.crm, m: s.crm.module(module), user: leads.user, now: leads.now}
	}
	accounts, contacts, deals := sub("Accounts"), sub("Contacts"), sub("Deals")

	var account record
	switch given := refID(opts["Accounts"]); {
	case given != "":
		if account = accounts.m.get(given); account == nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"data": []any{recordError("INVALID_DATA", "the id given seems to be invalid", map[string]any{"api_name": "Accounts"})}})
			return
		}
	case asString(lead["Company"]) != "":
		if account = accounts.m.findBy("Account_Name", lead["Company"], ""); account == nil {
			account = accounts.insert(record{"Account_Name": lead["Company"], "Industry": lead["Industry"], "Phone": lead["Phone"],
				"Website": lead["Website"], "Owner": lead["Owner"]})
		}
	}
	var contact record
	if given := refID(opts["Contacts"]); given != "" {
		if contact = contacts.m.get(given); contact == nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"data": []any{recordError("INVALID_DATA", "the id given seems to be invalid", map[string]any{"api_name": "Contacts"})}})
			return
		}
	} else if contact = contacts.m.findBy("Email", lead["Email"], ""); contact == nil {
		c := record{"First_Name": lead["First_Name"], "Last_Name": lead["Last_Name"], "Email": lead["Email"], "Phone": lead["Phone"],
			"Title": lead["Designation"], "Lead_Source": lead["Lead_Source"], "Owner": lead["Owner"]}
		if account != nil {
			c["Account_Name"] = map[string]any{"name": account["Account_Name"], "id": account["id"]}
		}
		contact = contacts.insert(c)
	}
	var deal record
	if d, ok := opts["Deals"].(map[string]any); ok {
		in := map[string]any{"Contact_Name": map[string]any{"id": contact["id"]}}
		if account != nil {
			in["Account_Name"] = map[string]any{"id": account["id"]}
		}
		for k, v := range d {
			in[k] = v
		}
		p, fail := deals.patch(in, 0, "")
		if fail != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"data": []any{fail}})
			return
		}
		deal = deals.insert(p)
	}
	lead["$converted"] = true
	leads.update(lead, record{})
	out := map[string]any{"Contacts": contact["id"], "Accounts": nil, "Deals": nil}
	if account != nil {
		out["Accounts"] = account["id"]
	}
	if deal != nil {
		out["Deals"] = deal["id"]
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": []any{out}})
}

// linkKey is one direction of a many-to-many relation made by link.
type linkKey struct{ module, id, related, relatedID string }

// relation resolves /{module}/{id}/{related}: the parent record and the
// related module, answering Zoho's errors when either is wrong.
func (s *Server) relation(w http.ResponseWriter, m *moduleSpec, id, related string) (record, *moduleSpec, bool) {
	parent := m.get(id)
	if parent == nil {
		invalidID(w, 1)
		return nil, nil, false
	}
	rm := s.crm.module(related)
	if rm == nil || rm == m {
		writeError(w, http.StatusBadRequest, "INVALID_DATA", "the related list name given seems to be invalid", map[string]any{"resource_path_index": 2})
		return nil, nil, false
	}
	return parent, rm, true
}

// lookupTo is the field of rm that points at module m, if any: such
// relations live in the child record's lookup, as in Zoho.
func lookupTo(rm, m *moduleSpec) string {
	for _, f := range rm.Fields {
		if f.DataType == "lookup" && lookupTarget(f.APIName) == m.APIName {
			return f.APIName
		}
	}
	return ""
}

func (c *crmState) related(m *moduleSpec, id string, rm *moduleSpec, child record) bool {
	if f := lookupTo(rm, m); f != "" && refID(child[f]) == id {
		return true
	}
	return c.links[linkKey{m.APIName, id, rm.APIName, asString(child["id"])}]
}

// handleRelated serves GET /{module}/{id}/{related_list}[/{related_id}];
// with If-Modified-Since only related records changed since then, 304 if
// none. With a related id, only that record, 204 when it is not related.
func (s *Server) handleRelated(w http.ResponseWriter, r *http.Request, id, related, relatedID string) {
	p, ok := readParams(w, r, false)
	if !ok {
		return
	}
	s.readModule(w, r, func(m *moduleSpec) {
		_, rm, ok := s.relation(w, m, id, related)
		if !ok {
			return
		}
		var rows []record
		for _, rec := range rm.records {
			if (relatedID == "" || rec["id"] == relatedID) && s.crm.related(m, id, rm, rec) && (p.since.IsZero() || modifiedSince(rec, p.since)) {
				rows = append(rows, rec)
			}
		}
		if !p.since.IsZero() && len(rows) == 0 {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		s.writeRecordPage(w, rows, p.paging, p.fields, "", false)
	})
}

// handleLink serves PUT (link) and DELETE (unlink) of
// /{module}/{id}/{related}[/{related_id}]; PUT without a related id takes
// {"data":[{"id":...}]}, DELETE without one takes ?ids=.
func (s *Server) handleLink(w http.ResponseWriter, r *http.Request, p []string, link bool) {
	var ids []any
	switch {
	case len(p) == 3:
		ids = []any{p[2]}
	case link:
		body, ok := readBody(w, r)
		if !ok {
			return
		}
		data, _ := body["data"].([]any)
		for _, d := range data {
			m, _ := d.(map[string]any)
			ids = append(ids, m["id"])
		}
	default:
		for _, id := range splitList(r.URL.Query().Get("ids")) {
			ids = append(ids, id)
		}
	}
	if !countOK(w, len(ids), maxWriteRecords, "api_name", "data") {
		return
	}
	s.withModule(w, r, func(m *moduleSpec) {
		parent, rm, ok := s.relation(w, m, p[0], p[1])
		if !ok {
			return
		}
		s.link(w, m, p[0], parent, rm, ids, link)
	})
}

// link relates (or unrelates) the records ids of rm to the record id of
// m: through rm's lookup to m when it has one, else in the link table.
func (s *Server) link(w http.ResponseWriter, m *moduleSpec, id string, parent record, rm *moduleSpec, ids []any, link bool) {
	now := s.stamp(s.now())
	field := lookupTo(rm, m)
	results := make([]result, len(ids))
	for i, raw := range ids {
		rid, _ := raw.(string)
		child := rm.get(rid)
		if child == nil {
			results[i] = recordError("INVALID_DATA", "the id given seems to be invalid", map[string]any{"id": raw})
			continue
		}
		there := s.crm.related(m, id, rm, child)
		switch {
		case link && field != "":
			child[field] = map[string]any{"name": m.recordName(parent), "id": id}
			child["Modified_Time"] = now
		case link:
			s.crm.links[linkKey{m.APIName, id, rm.APIName, rid}] = true
			s.crm.links[linkKey{rm.APIName, rid, m.APIName, id}] = true
		case !there:
			results[i] = recordError("INVALID_DATA", "the record is not related", map[string]any{"id": rid})
			continue
		case field != "" && refID(child[field]) == id:
			child[field] = nil
			child["Modified_Time"] = now
		default:
			delete(s.crm.links, linkKey{m.APIName, id, rm.APIName, rid})
			delete(s.crm.links, linkKey{rm.APIName, rid, m.APIName, id})
		}
		msg := "relation added"
		if !link {
			msg = "relation removed"
		}
		results[i] = success(msg, map[string]any{"id": rid})
	}
	answer(w, results, http.StatusOK)
}

// handleTags serves POST /{module}/actions/{add,remove}_tags?ids=&tag_names=
// and the one-record form /{module}/{id}/actions/... (id non-empty).
//
// From v3 the tags, ids and over_write may come in a JSON body instead
// ({"tags":[{"name":…}], "ids":[…], "over_write":bool}, v8.0/tags.json's
// New_Tag_Request_Wrapper), and each result lists the record's tags as
// objects (name, id, color_code) where v2 lists their names.
func (s *Server) handleTags(w http.ResponseWriter, r *http.Request, id string, add bool) {
	q := r.URL.Query()
	names := splitList(q.Get("tag_names"))
	ids := []string{id}
	if id == "" {
		ids = splitList(q.Get("ids"))
	}
	overwrite := q.Get("over_write") == "true"
	v := versionOf(r)
	if v.tagsInBody() && r.ContentLength != 0 && r.Body != nil && r.Body != http.NoBody {
		var body struct {
			Tags      []map[string]any `json:"tags"`
			IDs       []string         `json:"ids"`
			OverWrite *bool            `json:"over_write"`
		}
		if err := decodeJSONBody(r, &body); err != nil {
			writeBodyError(w, err)
			return
		}
		for _, t := range body.Tags {
			if n := asString(t["name"]); n != "" {
				names = append(names, n)
			}
		}
		if id == "" && len(body.IDs) > 0 {
			ids = body.IDs
		}
		if body.OverWrite != nil {
			overwrite = *body.OverWrite
		}
	}
	if len(names) == 0 {
		if v.tagsInBody() {
			missingParam(w, "tags")
		} else {
			missingParam(w, "tag_names")
		}
		return
	}
	if !countOK(w, len(ids), maxTagRecords, "param_name", "ids") {
		return
	}
	s.withModule(w, r, func(m *moduleSpec) {
		answer(w, s.crm.tag(m, ids, names, add, overwrite, v.tagsInBody()), http.StatusOK)
	})
}

// tag adds names to (or removes them from) the Tag field of records ids.
func (c *crmState) tag(m *moduleSpec, ids, names []string, add, overwrite, tagObjects bool) []result {
	results := make([]result, len(ids))
	for i, rid := range ids {
		rec := m.get(rid)
		if rec == nil {
			results[i] = recordError("INVALID_DATA", "the id given seems to be invalid", map[string]any{"id": rid})
			continue
		}
		tags, _ := rec["Tag"].([]any)
		if add && overwrite {
			tags = nil
		}
		kept := []any{}
		for _, t := range tags {
			name := asString(t.(map[string]any)["name"])
			if !containsFold(names, name) {
				kept = append(kept, t)
			}
		}
		if add {
			for _, n := range names {
				kept = append(kept, c.tagRef(m, n))
			}
		}
		rec["Tag"] = kept
		all := make([]any, len(kept))
		for j, t := range kept {
			if tagObjects {
				// Record_Success_Response's tags: name, id, color_code.
				ref := c.tagRef(m, asString(t.(map[string]any)["name"]))
				all[j] = map[string]any{"name": ref["name"], "id": ref["id"], "color_code": ref["color_code"]}
			} else {
				all[j] = t.(map[string]any)["name"]
			}
		}
		results[i] = success("tags updated successfully", map[string]any{"id": rid, "tags": all})
	}
	return results
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
