package crm

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/zcrmrun/zcrmrun/english"
)

// DryRun is a rehearsal: a client made WithDryRun sends its reads as
// usual, but no write. Each write (records, notes, attachments, photos,
// tags, conversions, links, function executions, raw requests) is
// recorded and answered with a simulated success of the shape Zoho
// would send, new records getting placeholder ids "dryrun-1", "dryrun-2",
// ... Records the run read are remembered (a bounded number), so the
// summary shows updates as field-level before → after.
//
// One DryRun may serve several clients (the users of one run).
type DryRun struct {
	mu     sync.Mutex
	nextID int
	ops    map[opKey]*opLog
	seen   map[string]seenRecord // by id
	order  []string              // ids in the order first seen, for eviction
	cap    int
	// modules holds what the rehearsal read and did, per module, to
	// predict outcomes (dryrun_predict.go).
	modules map[string]*moduleFacts
}

type opKey struct{ module, op string }

type opLog struct {
	count   int
	credits int64
	samples []string
}

type seenRecord struct {
	module string
	rec    Record
}

// Sizes of what a dry run keeps.
const (
	DryRunRemembered = 5000 // records read, for before → after
	DryRunSamples    = 3    // sample changes per module and operation
)

// PlaceholderPrefix starts every id a dry run makes up.
const PlaceholderPrefix = "dryrun-"

// NewDryRun returns an empty rehearsal.
func NewDryRun() *DryRun {
	return &DryRun{ops: map[opKey]*opLog{}, seen: map[string]seenRecord{}, cap: DryRunRemembered, modules: map[string]*moduleFacts{}}
}

// WithDryRun makes the client rehearse its writes on d instead of sending
// them.
func WithDryRun(d *DryRun) Option { return func(c *Client) { c.dryRun = d } }

// DryRun reports whether the client rehearses its writes.
func (c *Client) DryRun() bool { return c.dryRun != nil }

// writes reports whether req may change the CRM: anything but GET,
// except COQL, which is a read sent as POST; and any function execution,
// GET or POST, since a function may write.
func writes(req Request) bool {
	if strings.HasPrefix(req.Path, "/functions/") {
		return true
	}
	return req.Method != http.MethodGet && req.Method != http.MethodHead && req.Path != "/coql"
}

// remember keeps records a read returned, forgetting the oldest past the cap.
func (d *DryRun) remember(module string, recs []Record) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, r := range recs {
		id, _ := r["id"].(string)
		if id == "" {
			continue
		}
		old, ok := d.seen[id]
		if !ok {
			d.order = append(d.order, id)
		} else if old.module == module {
			// A later read may carry fewer fields (the dry run's own
			// COQL lookups read only id and one field): merge.
			merged := Record{}
			for k, v := range old.rec {
				merged[k] = v
			}
			for k, v := range r {
				merged[k] = v
			}
			r = merged
		}
		d.seen[id] = seenRecord{module, r}
		for len(d.order) > d.cap {
			delete(d.seen, d.order[0])
			d.order = d.order[1:]
		}
	}
}

// readModule names the module of the records a read path returns.
func readModule(path string) string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case len(parts) <= 2 && (len(parts) < 2 || parts[1] != "deleted"):
		return parts[0]
	case len(parts) == 3:
		return parts[2] // a related list
	}
	return ""
}

var coqlFrom = regexp.MustCompile(`(?i)\bfrom\s+(\w+)`)

// answer records a write and returns the reply Zoho would have sent,
// predicting each record's outcome (see dryrun_predict.go) with the reads
// it makes through c first.
func (d *DryRun) answer(ctx context.Context, c *Client, req Request, body []byte, cost int64) *Response {
	parts := strings.Split(strings.Trim(req.Path, "/"), "/")
	for i := range parts {
		parts[i], _ = url.PathUnescape(parts[i])
	}
	module := parts[0]
	mod := module // the module the write is logged under
	var data []Record
	var env struct {
		Data []Record `json:"data"`
		IDs  []string `json:"ids"`
		Dup  []string `json:"duplicate_check_fields"`
	}
	if _, raw := req.Body.(Payload); !raw && len(body) > 0 {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if dec.Decode(&env) == nil {
			data = env.Data
		}
	}
	ids := splitIDs(req.Query.Get("ids"))
	isUpsert := len(parts) == 2 && parts[1] == "upsert"
	var pred *prediction
	switch {
	case len(parts) == 1 && (req.Method == http.MethodPost || req.Method == http.MethodPut) || isUpsert:
		pred = d.predict(ctx, c, module, data, nil, env.Dup)
	case len(parts) == 1 && req.Method == http.MethodDelete:
		pred = d.predict(ctx, c, module, nil, ids, nil)
	case len(parts) == 2 && (req.Method == http.MethodPut || req.Method == http.MethodDelete):
		pred = d.predict(ctx, c, module, nil, []string{parts[1]}, nil)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	var op string
	var outs []map[string]any
	switch {
	case len(parts) == 4 && parts[2] == "actions" && parts[3] == "convert":
		op = "convert"
		reply := map[string]any{"Contacts": d.placeholder(), "Accounts": d.placeholder(), "Deals": nil}
		if len(data) == 1 {
			for _, k := range []string{"Contacts", "Accounts"} {
				if v, ok := data[0][k].(string); ok && v != "" {
					reply[k] = v
				}
			}
			if data[0]["Deals"] != nil {
				reply["Deals"] = d.placeholder()
			}
		}
		d.log(module, op, cost, d.describe(parts[1], nil, fmt.Sprintf("→ Contacts %v, Accounts %v, Deals %v", reply["Contacts"], reply["Accounts"], orNone(reply["Deals"]))))
		return jsonReply(http.StatusOK, map[string]any{"data": []any{reply}})
	case len(parts) == 3 && parts[1] == "actions" && (parts[2] == "add_tags" || parts[2] == "remove_tags"):
		op = parts[2]
		tags := req.Query.Get("tag_names")
		for _, id := range ids {
			outs = append(outs, success(id, "tags updated successfully", nil))
			d.log(module, op, 0, d.describe(id, nil, "tags "+tags))
		}
	case len(parts) == 3 && parts[1] == "actions" && parts[2] == "mass_update":
		op = "mass_update"
		var fields Record
		if len(data) == 1 {
			fields = data[0]
		}
		for _, id := range env.IDs {
			outs = append(outs, success(id, "record updated", nil))
			d.log(module, op, 0, d.describe(id, fields, ""))
		}
	case len(parts) == 1 && (req.Method == http.MethodPost || req.Method == http.MethodPut) || isUpsert:
		op = map[string]string{http.MethodPost: "create", http.MethodPut: "update"}[req.Method]
		if isUpsert {
			op = "upsert"
		}
		for i, r := range data {
			outs = append(outs, d.record(pred, module, op, r, i, r["id"], env.Dup))
		}
	case len(parts) == 1 && req.Method == http.MethodDelete:
		for _, id := range ids {
			op = "delete"
			outs = append(outs, d.remove(pred, module, id))
		}
	case len(parts) == 2 && req.Method == http.MethodPut:
		var r Record
		if len(data) == 1 {
			r = data[0]
		}
		op = "update"
		outs = append(outs, d.record(pred, module, op, r, 0, parts[1], nil))
	case len(parts) == 2 && req.Method == http.MethodDelete:
		op = "delete"
		outs = append(outs, d.remove(pred, module, parts[1]))
	case len(parts) >= 3 && (parts[2] == "Notes" || parts[2] == "Attachments"):
		sub, on := parts[2], module+" "+parts[1]
		mod = sub
		switch {
		case len(parts) == 4:
			var out map[string]any
			op, out = d.one(sub, parts[3], req.Method, data, "on "+on)
			outs = append(outs, out)
		case sub == "Attachments":
			op = "upload"
			id := d.placeholder()
			what := req.Query.Get("attachmentUrl")
			if what == "" {
				what = uploadName(req)
			}
			outs = append(outs, success(id, "attachment uploaded successfully", nil))
			d.log(sub, op, 0, fmt.Sprintf("%s on %s: %s", id, on, what))
		default:
			op = "create"
			for _, r := range data {
				id := d.placeholder()
				outs = append(outs, success(id, "record added", nil))
				d.log(sub, op, 0, id+" on "+on+": "+changes(nil, r))
			}
		}
	case len(parts) == 3 && parts[2] == "photo":
		op = map[bool]string{true: "delete_photo", false: "upload_photo"}[req.Method == http.MethodDelete]
		d.log(module, op, cost, d.describe(parts[1], nil, ""))
		return jsonReply(http.StatusOK, map[string]any{"code": "SUCCESS", "details": map[string]any{}, "message": "photo " + strings.TrimSuffix(op, "_photo") + "ed successfully", "status": "success"})
	case len(parts) == 3 && (req.Method == http.MethodPut || req.Method == http.MethodDelete):
		op = map[bool]string{true: "unlink", false: "link"}[req.Method == http.MethodDelete]
		if op == "link" {
			for _, r := range data {
				id, _ := r["id"].(string)
				ids = append(ids, id)
			}
		}
		for _, id := range ids {
			outs = append(outs, success(id, "relation "+op+"ed", nil))
			d.log(module, op, 0, fmt.Sprintf("%s %s %s %s", d.describe(parts[1], nil, ""), map[string]string{"link": "+", "unlink": "-"}[op], parts[2], id))
		}
	case len(parts) == 4 && module == "functions" && parts[2] == "actions" && parts[3] == "execute":
		d.log("functions", "execute", cost, parts[1])
		return jsonReply(http.StatusOK, map[string]any{"code": "success", "message": "function not executed: dry run", "details": map[string]any{"output": "", "output_type": "string", "id": d.placeholder()}})
	default:
		op = strings.ToLower(req.Method)
		outs = append(outs, success("", "dry run: not sent", nil))
		d.log(module, op, 0, req.Method+" "+req.Path)
	}
	if l := d.ops[opKey{mod, op}]; l != nil {
		l.credits += cost
	}
	return jsonReply(http.StatusOK, map[string]any{"data": outs})
}

// record answers the write of record r (index i) of a create, update or
// upsert with its predicted outcome, and logs it.
func (d *DryRun) record(p *prediction, module, op string, r Record, i int, id any, dup []string) map[string]any {
	var res map[string]any
	extra := map[string]any{}
	sid, _ := id.(string)
	switch op {
	case "create":
		if res = p.check(r, i, ""); res == nil {
			sid = d.placeholder()
		}
	case "update":
		res = p.checkUpdate(r, i, id)
	case "upsert":
		match, field, ok := p.matchUpsert(r, dup)
		switch {
		case !ok:
			res = unknownResult("whether the record exists could not be read")
		case match != "":
			sid, extra["action"], extra["duplicate_field"] = match, "update", field
			res = p.check(r, i, match)
		default:
			extra["action"], extra["duplicate_field"] = "insert", nil
			if res = p.check(r, i, ""); res == nil {
				sid = d.placeholder()
			}
		}
	}
	if res != nil {
		for k, v := range extra {
			res[k] = v
		}
		d.log(module, op+" "+outcomeName(res), 0, d.describeFailure(sid, r, res))
		return res
	}
	if op == "create" || extra["action"] == "insert" {
		p.inserted(sid, r)
		d.log(module, op, 0, d.describe(sid, r, ""))
		return success(sid, "record added", extra)
	}
	d.log(module, op, 0, d.describe(sid, r, ""))
	return success(sid, "record updated", extra)
}

// remove answers the delete of the record id with its predicted outcome.
func (d *DryRun) remove(p *prediction, module, id string) map[string]any {
	if p.facts.readErr == nil {
		yes, ok := p.exists(id)
		switch {
		case !ok:
			res := unknownResult("whether record " + id + " exists could not be read")
			d.log(module, "delete "+outcomeName(res), 0, d.describeFailure(id, nil, res))
			return res
		case !yes:
			res := failed("INVALID_DATA", "record not deleted", map[string]any{"id": id})
			d.log(module, "delete "+outcomeName(res), 0, d.describeFailure(id, nil, res))
			return res
		}
		p.deleted(id)
	}
	d.log(module, "delete", 0, d.describe(id, nil, ""))
	return success(id, "record deleted", nil)
}

// outcomeName names a failed prediction in the summary.
func outcomeName(res map[string]any) string {
	if res["code"] == CodeDryRunUnknown {
		return "(outcome unknown)"
	}
	return "(would fail)"
}

// describeFailure is a summary line for a write predicted to fail.
func (d *DryRun) describeFailure(id string, r Record, res map[string]any) string {
	s := id
	if s == "" {
		s = "(no id)"
	}
	if name := displayName(d.seen[id].rec); name != "" {
		s += " (" + name + ")"
	} else if name := displayName(r); name != "" {
		s += " (" + name + ")"
	}
	s += ": " + fmt.Sprint(res["code"]) + ": " + fmt.Sprint(res["message"])
	if det, _ := res["details"].(map[string]any); det != nil && det["api_name"] != nil {
		s += " (" + fmt.Sprint(det["api_name"]) + ")"
	}
	return s
}

// one answers an update or delete of the single record id of module.
func (d *DryRun) one(module, id, method string, data []Record, note string) (op string, out map[string]any) {
	if method == http.MethodDelete {
		d.log(module, "delete", 0, d.describe(id, nil, note))
		return "delete", success(id, "record deleted", nil)
	}
	var r Record
	if len(data) == 1 {
		r = data[0]
	}
	d.log(module, "update", 0, d.describe(id, r, note))
	return "update", success(id, "record updated", nil)
}

func (d *DryRun) placeholder() string {
	d.nextID++
	return fmt.Sprintf("%s%d", PlaceholderPrefix, d.nextID)
}

func (d *DryRun) log(module, op string, cost int64, sample string) {
	k := opKey{module, op}
	l := d.ops[k]
	if l == nil {
		l = &opLog{}
		d.ops[k] = l
	}
	l.count++
	l.credits += cost
	if len(l.samples) < DryRunSamples {
		l.samples = append(l.samples, sample)
	}
}

// describe names record id (with its name when it was read) and lists
// the changes of fields against what was read.
func (d *DryRun) describe(id string, fields Record, note string) string {
	s := id
	before := d.seen[id].rec
	if name := displayName(before); name != "" {
		s += " (" + name + ")"
	}
	if fields != nil {
		s += ": " + changes(before, fields)
	}
	if note != "" {
		s += " " + note
	}
	return s
}

// changes lists the fields of after as before → after; fields whose value
// was not read show as → after.
func changes(before, after Record) string {
	keys := make([]string, 0, len(after))
	for k := range after {
		if k != "id" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		b, read := before[k]
		switch {
		case before != nil && read && show(b) == show(after[k]):
			parts = append(parts, k+" unchanged")
		case before != nil && read:
			parts = append(parts, fmt.Sprintf("%s %s → %s", k, show(b), show(after[k])))
		default:
			parts = append(parts, fmt.Sprintf("%s → %s", k, show(after[k])))
		}
	}
	if len(parts) == 0 {
		return "no fields"
	}
	return strings.Join(parts, ", ")
}

// showText is how many characters of a text value a summary shows.
const showText = 60

// show formats a field value briefly: long text cut (with its length),
// lookups and owners by name and id, other text quoted.
func show(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		if r := []rune(x); len(r) > showText {
			return fmt.Sprintf("%q… (%d characters)", string(r[:showText]), len(r))
		}
		return fmt.Sprintf("%q", x)
	case map[string]any:
		n, named := x["name"]
		id, hasID := x["id"]
		switch {
		case named && n != nil && hasID:
			return fmt.Sprintf("%v (%v)", n, id)
		case named && n != nil:
			return fmt.Sprint(n)
		case hasID:
			return fmt.Sprint(id)
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func displayName(r Record) string {
	for _, k := range []string{"Full_Name", "Deal_Name", "Account_Name", "Name", "Subject", "Note_Title", "Last_Name", "Email"} {
		if s, ok := r[k].(string); ok && s != "" {
			return s
		}
	}
	return ""
}

func orNone(v any) any {
	if v == nil {
		return "none"
	}
	return v
}

func success(id, message string, extra map[string]any) map[string]any {
	details := map[string]any{}
	if id != "" {
		now := time.Now().Format(time.RFC3339)
		details = map[string]any{"id": id, "Created_Time": now, "Modified_Time": now}
	}
	o := map[string]any{"code": "SUCCESS", "details": details, "message": message, "status": "success"}
	for k, v := range extra {
		o[k] = v
	}
	return o
}

func jsonReply(status int, v any) *Response {
	b, _ := json.Marshal(v)
	return &Response{Status: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: b}
}

func splitIDs(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// uploadName is the file name of a multipart upload.
func uploadName(req Request) string {
	p, _ := req.Body.(Payload)
	if _, params, err := mime.ParseMediaType(p.ContentType); err == nil {
		mr := multipart.NewReader(bytes.NewReader(p.Data), params["boundary"])
		if part, err := mr.NextPart(); err == nil && part.FileName() != "" {
			return part.FileName()
		}
	}
	return "a file"
}

// DryRunOp is what a dry run recorded for one module and operation.
type DryRunOp struct {
	Module, Op string
	Count      int
	Credits    int64    // what the calls would have cost
	Samples    []string // the first few changes
}

// Ops returns what was recorded, by module and operation.
func (d *DryRun) Ops() []DryRunOp {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]DryRunOp, 0, len(d.ops))
	for k, l := range d.ops {
		out = append(out, DryRunOp{Module: k.module, Op: k.op, Count: l.count, Credits: l.credits, Samples: append([]string(nil), l.samples...)})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Module != out[j].Module {
			return out[i].Module < out[j].Module
		}
		return out[i].Op < out[j].Op
	})
	return out
}

// WriteSummary prints what the dry run did not send.
func (d *DryRun) WriteSummary(w io.Writer) {
	ops := d.Ops()
	total, credits := 0, int64(0)
	for _, o := range ops {
		total += o.Count
		credits += o.Credits
	}
	if total == 0 {
		fmt.Fprintln(w, "dry run: no writes")
		return
	}
	they := "they"
	if total == 1 {
		they = "it"
	}
	fmt.Fprintf(w, "dry run: %s not sent (%s would have cost %s)\n", english.Count(total, "write"), they, english.Count(credits, "API credit"))
	for _, o := range ops {
		fmt.Fprintf(w, "  %s %s: %d\n", o.Module, o.Op, o.Count)
		for _, s := range o.Samples {
			fmt.Fprintf(w, "    %s\n", s)
		}
		if o.Count > len(o.Samples) {
			fmt.Fprintf(w, "    ... and %d more\n", o.Count-len(o.Samples))
		}
	}
}
