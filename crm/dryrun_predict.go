package crm

import (
	"context"
	"encoding/json"
	"fmt"
	"net/mail"
	"slices"
	"sort"
	"strings"
	"time"
)

// A dry run predicts the outcome of each record write from what Zoho
// documents it checks, reading what it needs first: the module's fields
// (names, data types, mandatory and unique fields) and which ids and
// unique or duplicate-check values exist (COQL, 50 values a query). The
// reads are ordinary calls, counted in --stats. Records the rehearsal
// inserted or deleted earlier in the run count too. What it cannot
// know (a read failed, a value COQL cannot look up) is reported as
// DRY_RUN_UNKNOWN, never as a success. Org rules no API describes
// (validation rules, workflows) are not predicted.

// CodeDryRunUnknown is the code of a dry-run result whose outcome the
// rehearsal could not predict.
const CodeDryRunUnknown = "DRY_RUN_UNKNOWN"

// coqlInValues is COQL's limit on the values of one "in" (zoho-api.md §4.4).
const coqlInValues = 50

// fieldFacts is what the fields API says of one field.
type fieldFacts struct {
	dataType          string
	mandatory, unique bool
}

// moduleFacts is what a dry run knows of a module's data, across calls.
type moduleFacts struct {
	fields map[string]fieldFacts // by API name; nil until read
	// existing maps field → folded value → id of a record holding it,
	// "" when none does; "id" maps ids to themselves.
	existing map[string]map[string]string
	unknown  map[string]map[string]bool // values a read could not settle
	readErr  error                      // the fields read failed
}

func fold(s string) string { return strings.ToLower(s) }

// prediction is the facts gathered for one write request.
type prediction struct {
	d      *DryRun
	module string
	facts  *moduleFacts
}

// predict reads what the write of records (or of ids, for a delete)
// needs, then returns the facts; it runs before d.mu is taken, since the
// reads go through the client.
func (d *DryRun) predict(ctx context.Context, c *Client, module string, records []Record, ids []string, dup []string) *prediction {
	d.mu.Lock()
	mf := d.modules[module]
	if mf == nil {
		mf = &moduleFacts{existing: map[string]map[string]string{}, unknown: map[string]map[string]bool{}}
		d.modules[module] = mf
	}
	haveFields := mf.fields != nil || mf.readErr != nil
	d.mu.Unlock()
	if !haveFields {
		fields, err := c.Fields(ctx, module)
		d.mu.Lock()
		if err != nil {
			mf.readErr = err
		} else {
			mf.fields = map[string]fieldFacts{}
			for _, f := range fields {
				name, _ := f["api_name"].(string)
				dt, _ := f["data_type"].(string)
				mand, _ := f["system_mandatory"].(bool)
				_, uniq := f["unique"].(map[string]any)
				mf.fields[name] = fieldFacts{dataType: dt, mandatory: mand, unique: uniq}
			}
		}
		d.mu.Unlock()
	}
	p := &prediction{d: d, module: module, facts: mf}
	if mf.readErr != nil {
		return p
	}
	// The values whose existence decides an outcome: ids of updates and
	// deletes, unique fields, duplicate-check fields.
	want := map[string][]string{}
	add := func(field string, v any) {
		s, ok := v.(string)
		if !ok || s == "" {
			return
		}
		want[field] = append(want[field], s)
	}
	for _, id := range ids {
		add("id", id)
	}
	for _, r := range records {
		add("id", r["id"])
		for _, f := range p.uniqueFields(dup) {
			add(f, r[f])
		}
	}
	fields := make([]string, 0, len(want))
	for f := range want {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		p.lookup(ctx, c, f, want[f])
	}
	return p
}

// uniqueFields are the fields whose values are looked up: the
// duplicate-check fields of an upsert and the module's unique fields.
func (p *prediction) uniqueFields(dup []string) []string {
	out := append([]string(nil), dup...)
	for _, name := range p.uniqueNames() {
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// uniqueNames are the module's unique fields, sorted.
func (p *prediction) uniqueNames() []string {
	var out []string
	for name, f := range p.facts.fields {
		if f.unique {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// lookup settles which of values exist in field, by COQL.
func (p *prediction) lookup(ctx context.Context, c *Client, field string, values []string) {
	p.d.mu.Lock()
	known := p.facts.existing[field]
	if known == nil {
		known = map[string]string{}
		p.facts.existing[field] = known
		p.facts.unknown[field] = map[string]bool{}
	}
	unknown := p.facts.unknown[field]
	var ask []string
	for _, v := range values {
		if _, ok := known[fold(v)]; ok || unknown[fold(v)] {
			continue
		}
		if strings.ContainsAny(v, `'\`) {
			unknown[fold(v)] = true // not sent in a COQL literal
			continue
		}
		known[fold(v)] = "" // settled below; also dedupes
		ask = append(ask, v)
	}
	p.d.mu.Unlock()
	for len(ask) > 0 {
		n := min(len(ask), coqlInValues)
		chunk := ask[:n]
		ask = ask[n:]
		quoted := make([]string, n)
		for i, v := range chunk {
			quoted[i] = "'" + v + "'"
		}
		cols := "id"
		if field != "id" {
			cols = "id, " + field
		}
		q := fmt.Sprintf("select %s from %s where %s in (%s) limit 0, 200", cols, p.module, field, strings.Join(quoted, ", "))
		rows, info, err := c.COQL(ctx, q)
		p.d.mu.Lock()
		if err != nil || info.MoreRecords {
			for _, v := range chunk {
				delete(known, fold(v))
				unknown[fold(v)] = true
			}
		} else {
			for _, r := range rows {
				s, _ := r[field].(string)
				if id, _ := r["id"].(string); s != "" && known[fold(s)] == "" {
					known[fold(s)] = id
				}
			}
		}
		p.d.mu.Unlock()
	}
}

// The following run under d.mu.

// holder is the id of a record holding value v in field, "" for none; ok
// is false when the dry run could not tell.
func (p *prediction) holder(field string, v any) (id string, ok bool) {
	s, isText := v.(string)
	if !isText || s == "" {
		return "", true
	}
	if p.facts.unknown[field][fold(s)] {
		return "", false
	}
	id, ok = p.facts.existing[field][fold(s)]
	return id, ok
}

// exists reports whether a record with id exists, as far as known.
func (p *prediction) exists(id string) (yes, ok bool) {
	if strings.HasPrefix(id, PlaceholderPrefix) {
		return p.facts.existing["id"][fold(id)] != "", true
	}
	h, ok := p.holder("id", id)
	return h != "", ok
}

// check predicts the write of record r (index i of the request) as op
// ("create", "update"); self is the record updated. It returns nil when
// the write would succeed, else the failed result Zoho would give.
func (p *prediction) check(r Record, i int, self string) map[string]any {
	f := p.facts
	if f.readErr != nil {
		return unknownResult(fmt.Sprintf("reading the fields of %s failed: %v", p.module, f.readErr))
	}
	keys := make([]string, 0, len(r))
	for k := range r {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if k == "id" || strings.HasPrefix(k, "$") {
			continue
		}
		ff, known := f.fields[k]
		if !known {
			return failed("INVALID_DATA", "the field api name given seems to be invalid", map[string]any{"api_name": k, "json_path": jsonPath(i, k)})
		}
		if !validValue(ff.dataType, r[k]) {
			return failed("INVALID_DATA", "invalid data", map[string]any{"expected_data_type": ff.dataType, "api_name": k, "json_path": jsonPath(i, k)})
		}
	}
	names := make([]string, 0, len(f.fields))
	for name := range f.fields {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		ff := f.fields[name]
		v, present := r[name]
		if ff.mandatory && (present || self == "") && (v == nil || v == "") {
			return failed("MANDATORY_NOT_FOUND", "required field not found", map[string]any{"api_name": name, "json_path": jsonPath(i, name)})
		}
		if ff.unique && present {
			holder, ok := p.holder(name, v)
			if !ok {
				return unknownResult(fmt.Sprintf("whether %s %v is taken could not be read", name, v))
			}
			if holder != "" && holder != self {
				return failed("DUPLICATE_DATA", "duplicate data", map[string]any{"api_name": name, "id": holder, "json_path": jsonPath(i, name)})
			}
		}
	}
	return nil
}

// checkUpdate predicts an update of the record id.
func (p *prediction) checkUpdate(r Record, i int, id any) map[string]any {
	if id == nil {
		return failed("MANDATORY_NOT_FOUND", "required field not found", map[string]any{"api_name": "id", "json_path": jsonPath(i, "id")})
	}
	sid, _ := id.(string)
	if p.facts.readErr == nil {
		yes, ok := p.exists(sid)
		switch {
		case !ok:
			return unknownResult("whether record " + sid + " exists could not be read")
		case !yes:
			return failed("INVALID_DATA", "the id given seems to be invalid", map[string]any{"api_name": "id", "id": id, "json_path": jsonPath(i, "id")})
		}
	}
	return p.check(r, i, sid)
}

// inserted records that the rehearsal made the record id with r's values.
func (p *prediction) inserted(id string, r Record) {
	if p.facts.readErr != nil {
		return
	}
	p.setHolder("id", id, id)
	for name, ff := range p.facts.fields {
		if s, ok := r[name].(string); ok && ff.unique && s != "" {
			p.setHolder(name, s, id)
		}
	}
}

// deleted records that the rehearsal deleted the record id.
func (p *prediction) deleted(id string) {
	if p.facts.readErr == nil {
		p.setHolder("id", id, "")
	}
}

func (p *prediction) setHolder(field, v, id string) {
	m := p.facts.existing[field]
	if m == nil {
		m = map[string]string{}
		p.facts.existing[field] = m
	}
	m[fold(v)] = id
	delete(p.facts.unknown[field], fold(v))
}

// matchUpsert finds the record an upsert of r updates: the first
// duplicate-check field whose value a record holds. ok is false when a
// value could not be looked up.
func (p *prediction) matchUpsert(r Record, dup []string) (id, field string, ok bool) {
	if p.facts.readErr != nil {
		return "", "", false
	}
	for _, f := range p.upsertFields(dup) {
		v, present := r[f]
		if !present {
			continue
		}
		h, known := p.holder(f, v)
		if !known {
			return "", "", false
		}
		if h != "" {
			return h, f, true
		}
	}
	return "", "", true
}

// upsertFields are the duplicate-check fields of an upsert: those given,
// else the module's unique fields, as Zoho documents.
func (p *prediction) upsertFields(dup []string) []string {
	if len(dup) > 0 {
		return dup
	}
	return p.uniqueNames()
}

// validValue reports whether a JSON value fits a Zoho data type, as the
// API checks types; types it does not check by shape are taken as valid.
func validValue(dataType string, v any) bool {
	if v == nil {
		return true // null clears a field
	}
	switch dataType {
	case "text", "textarea", "picklist", "website", "phone":
		_, ok := v.(string)
		return ok
	case "email":
		s, ok := v.(string)
		if !ok || s == "" {
			return ok
		}
		a, err := mail.ParseAddress(s)
		return err == nil && a.Address == s && strings.Contains(s[strings.IndexByte(s, '@'):], ".")
	case "integer":
		n, ok := v.(json.Number)
		if !ok {
			return false
		}
		_, err := n.Int64()
		return err == nil
	case "currency", "double":
		n, ok := v.(json.Number)
		if !ok {
			return false
		}
		_, err := n.Float64()
		return err == nil
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "date":
		s, ok := v.(string)
		if !ok {
			return false
		}
		_, err := time.Parse(time.DateOnly, s)
		return err == nil
	case "datetime":
		s, ok := v.(string)
		if !ok {
			return false
		}
		_, err := time.Parse(time.RFC3339, s)
		return err == nil
	}
	return true
}

func jsonPath(i int, field string) string { return fmt.Sprintf("$.data[%d].%s", i, field) }

// failed is a record result Zoho gives for a rejected record.
func failed(code, message string, details map[string]any) map[string]any {
	return map[string]any{"code": code, "details": details, "message": message, "status": "error"}
}

func unknownResult(why string) map[string]any {
	return failed(CodeDryRunUnknown, "dry run: outcome unknown: "+why, map[string]any{})
}
