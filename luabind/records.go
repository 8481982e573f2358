package luabind

import (
	"context"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/crm"
)

func (b *binding) recordFuncs() map[string]lua.LGFunction {
	return map[string]lua.LGFunction{
		"list":        b.recordsList,
		"iter":        b.recordsIter,
		"get":         b.recordsGet,
		"create":      b.recordsCreate,
		"update":      b.recordsUpdate,
		"upsert":      b.recordsUpsert,
		"delete":      b.recordsDelete,
		"deleted":     b.recordsDeleted,
		"search":      b.recordsSearch,
		"search_iter": b.recordsSearchIter,
		"mass_update": b.recordsMassUpdate,
		"convert":     b.recordsConvert,
		"related":     b.recordsRelated,
		"link":        b.recordsLink,
		"unlink":      b.recordsUnlink,
		"add_tags":    b.recordsAddTags,
		"remove_tags": b.recordsRemoveTags,
	}
}

// listOptions reads the options list and iter share.
func listOptions(o *options) crm.ListOptions {
	return crm.ListOptions{
		PerPage: o.Int("per_page"), Fields: o.Strings("fields", false),
		SortBy: o.String("sort_by"), SortOrder: o.String("sort_order"), CVID: o.String("cvid"),
		Converted: o.Flag("converted"), Approved: o.Flag("approved"), IDs: o.Strings("ids", true),
		ModifiedSince: o.String("modified_since"),
	}
}

// recordsList is crm.records.list(module, opts) -> records, info
//
// One page of a module. opts: page, per_page, fields (array or comma list),
// sort_by, sort_order ("asc"|"desc"), cvid, converted, approved (true,
// false or "both"), ids (array of id strings), modified_since (ISO time,
// sent as If-Modified-Since), page_token (info.next_page_token of the
// previous page; not with page). records is an array of record tables
// (empty past the last page); info is {per_page=, count=, page=,
// more_records=, next_page_token=}.
func (b *binding) recordsList(L *lua.LState) int {
	const call = "crm.records.list"
	module := checkName(L, 1, call, "module")
	o := b.options(L, 2, call)
	opts := listOptions(o)
	opts.Page, opts.PageToken = o.Int("page"), o.String("page_token")
	o.Done()
	recs, info, err := b.conn.CRM().ListRecords(ctxOf(L), module, opts)
	if err != nil {
		return b.raise(L, call, err)
	}
	return b.pushPage(L, recs, info)
}

// recordsIter is crm.records.iter(module, opts) -> iterator
//
// Every record of a module, for use in a generic for. Pages of per_page
// (default 200) are read by page up to 2,000 records and by page_token
// beyond; the next page is fetched while the loop body runs. opts as
// crm.records.list without page and page_token. A failed page raises
// (prefix crm.records.iter:) instead of ending the loop.
func (b *binding) recordsIter(L *lua.LState) int {
	const call = "crm.records.iter"
	module := checkName(L, 1, call, "module")
	o := b.options(L, 2, call)
	opts := listOptions(o)
	o.Done()
	L.Push(b.rawIterator(L, call, module, b.conn.CRM().IterRecordsRaw(ctxOf(L), module, opts)))
	return 1
}

// recordsGet is crm.records.get(module, id, opts) -> record | nil
//
// One record by id; nil when there is none (or, with modified_since, when
// it has not changed since). opts: fields, modified_since.
func (b *binding) recordsGet(L *lua.LState) int {
	const call = "crm.records.get"
	module := checkName(L, 1, call, "module")
	id := idArg(L, 2, call, "id")
	o := b.options(L, 3, call)
	opts := crm.GetOptions{Fields: o.Strings("fields", false), ModifiedSince: o.String("modified_since")}
	o.Done()
	rec, err := b.conn.CRM().GetRecord(ctxOf(L), module, id, opts)
	if err != nil {
		return b.raise(L, call, err)
	}
	if rec == nil {
		L.Push(lua.LNil)
		return 1
	}
	L.Push(b.toLua(L, rec))
	return 1
}

// writeOptions reads trigger (and, for upsert, duplicate_check_fields).
func writeOptions(o *options, upsert bool) crm.WriteOptions {
	w := crm.WriteOptions{Trigger: o.Strings("trigger", false)}
	if upsert {
		w.DuplicateCheckFields = o.Strings("duplicate_check_fields", false)
	}
	return w
}

type batchWrite func(c *crm.Client, ctx context.Context, module string, recs []crm.Record, o crm.WriteOptions) ([]crm.Result, error)

func (b *binding) recordsWrite(L *lua.LState, call string, upsert bool, write batchWrite) int {
	module := checkName(L, 1, call, "module")
	recs := b.checkRecords(L, 2, call)
	o := b.options(L, 3, call)
	opts := writeOptions(o, upsert)
	o.Done()
	ctx, done := b.batchProgress(L, call, module, len(recs))
	rs, err := write(b.conn.CRM(), ctx, module, recs, opts)
	done()
	if err != nil {
		return b.raise(L, call, err)
	}
	return b.pushResults(L, rs, upsert)
}

// recordsCreate is crm.records.create(module, record_or_list, opts) -> results
//
// Inserts any number of records, 100 per request, several requests at
// once. results has one entry per record, in input order:
// {status=, code=, message=, id=, details=}; a refused record is a result
// with status "error", not a raised error. opts: trigger (array of
// "workflow", "approval", "blueprint"; {} runs none).
func (b *binding) recordsCreate(L *lua.LState) int {
	return b.recordsWrite(L, "crm.records.create", false, func(c *crm.Client, ctx context.Context, m string, r []crm.Record, o crm.WriteOptions) ([]crm.Result, error) {
		return c.InsertRecords(ctx, m, r, o)
	})
}

// recordsUpdate is crm.records.update(module, record_or_list, opts) -> results
//
// Updates records by their id field, as crm.records.create inserts; a
// field set to crm.null is cleared. opts: trigger.
func (b *binding) recordsUpdate(L *lua.LState) int {
	return b.recordsWrite(L, "crm.records.update", false, func(c *crm.Client, ctx context.Context, m string, r []crm.Record, o crm.WriteOptions) ([]crm.Result, error) {
		return c.UpdateRecords(ctx, m, r, o)
	})
}

// recordsUpsert is crm.records.upsert(module, record_or_list, opts) -> results
//
// Updates the record matching duplicate_check_fields or inserts a new one;
// each result also has action ("insert"|"update") and duplicate_field
// (the matching field, crm.null on insert). opts: duplicate_check_fields,
// trigger.
func (b *binding) recordsUpsert(L *lua.LState) int {
	return b.recordsWrite(L, "crm.records.upsert", true, func(c *crm.Client, ctx context.Context, m string, r []crm.Record, o crm.WriteOptions) ([]crm.Result, error) {
		return c.UpsertRecords(ctx, m, r, o)
	})
}

// recordsDelete is crm.records.delete(module, id_or_ids, opts) -> results
//
// Deletes records (100 per request) into the recycle bin; one result per
// id. opts: wf_trigger (boolean).
func (b *binding) recordsDelete(L *lua.LState) int {
	const call = "crm.records.delete"
	module := checkName(L, 1, call, "module")
	ids := checkIDs(L, 2, call, "ids")
	o := b.options(L, 3, call)
	wf := o.OptBool("wf_trigger")
	o.Done()
	ctx, done := b.batchProgress(L, call, module, len(ids))
	rs, err := b.conn.CRM().DeleteRecords(ctx, module, ids, wf)
	done()
	if err != nil {
		return b.raise(L, call, err)
	}
	return b.pushResults(L, rs, false)
}

// recordsDeleted is crm.records.deleted(module, opts) -> records, info
//
// Deleted records: {id=, display_name=, type=, deleted_by=, created_by=,
// deleted_time=}. opts: type ("all"|"recycle"|"permanent"), page, per_page.
func (b *binding) recordsDeleted(L *lua.LState) int {
	const call = "crm.records.deleted"
	module := checkName(L, 1, call, "module")
	o := b.options(L, 2, call)
	opts := crm.DeletedOptions{Type: o.String("type"), Page: o.Int("page"), PerPage: o.Int("per_page")}
	o.Done()
	switch opts.Type {
	case "", "all", "recycle", "permanent":
	default:
		L.RaiseError(`%s: option type must be "all", "recycle" or "permanent", got %q`, call, opts.Type)
	}
	recs, info, err := b.conn.CRM().DeletedRecords(ctxOf(L), module, opts)
	if err != nil {
		return b.raise(L, call, err)
	}
	return b.pushPage(L, recs, info)
}

// searchOptions reads criteria|email|phone|word and the filters; exactly
// one of the four must be given.
func searchOptions(L *lua.LState, o *options) crm.SearchOptions {
	s := crm.SearchOptions{
		Criteria: o.String("criteria"), Email: o.String("email"), Phone: o.String("phone"), Word: o.String("word"),
		PerPage: o.Int("per_page"), Converted: o.Flag("converted"), Approved: o.Flag("approved"),
	}
	n := 0
	for _, v := range []string{s.Criteria, s.Email, s.Phone, s.Word} {
		if v != "" {
			n++
		}
	}
	if n != 1 {
		L.RaiseError("%s: give exactly one of the options criteria, email, phone and word", o.call)
	}
	return s
}

// recordsSearch is crm.records.search(module, opts) -> records, info
//
// One page of search results. opts: exactly one of criteria
// ("((Field:op:value)and(...))", escape ( ) , with \), email, phone,
// word; page, per_page, converted, approved. Zoho returns at most 2,000
// results per search.
func (b *binding) recordsSearch(L *lua.LState) int {
	const call = "crm.records.search"
	module := checkName(L, 1, call, "module")
	o := b.options(L, 2, call)
	opts := searchOptions(L, o)
	opts.Page = o.Int("page")
	o.Done()
	recs, info, err := b.conn.CRM().SearchRecords(ctxOf(L), module, opts)
	if err != nil {
		return b.raise(L, call, err)
	}
	return b.pushPage(L, recs, info)
}

// recordsSearchIter is crm.records.search_iter(module, opts) -> iterator
//
// Every search result, page after page, fetched ahead as crm.records.iter
// does. Zoho stops search at 2,000 results: when more match, the loop
// raises after the 2,000th instead of ending as if that were all. opts
// as crm.records.search without page.
func (b *binding) recordsSearchIter(L *lua.LState) int {
	const call = "crm.records.search_iter"
	module := checkName(L, 1, call, "module")
	o := b.options(L, 2, call)
	opts := searchOptions(L, o)
	o.Done()
	L.Push(b.iterator(L, call, module, b.conn.CRM().IterSearch(ctxOf(L), module, opts)))
	return 1
}

// recordsMassUpdate is crm.records.mass_update(module, ids, fields, opts) -> results
//
// Sets the same fields on every record of ids (100 per request); one
// result per id. opts: trigger.
func (b *binding) recordsMassUpdate(L *lua.LState) int {
	const call = "crm.records.mass_update"
	module := checkName(L, 1, call, "module")
	ids := checkIDs(L, 2, call, "ids")
	t, ok := L.Get(3).(*lua.LTable)
	if !ok {
		L.RaiseError("%s: fields (argument #3) must be a table of fields, got %s", call, L.Get(3).Type())
	}
	fields := b.checkRecord(L, t, call, "fields")
	o := b.options(L, 4, call)
	opts := writeOptions(o, false)
	o.Done()
	rs, err := b.conn.CRM().MassUpdate(ctxOf(L), module, ids, fields, opts)
	if err != nil {
		return b.raise(L, call, err)
	}
	return b.pushResults(L, rs, false)
}

// recordsConvert is crm.records.convert(lead_id, opts) -> {Contacts=, Accounts=, Deals=}
//
// Converts a lead into a contact, an account and optionally a deal;
// returns their ids (Accounts and Deals are crm.null when none was made).
// opts: overwrite, notify_lead_owner, notify_new_entity_owner (booleans),
// Accounts, Contacts (ids of existing records to convert into),
// assign_to (user id), Deals (fields of a deal to create).
func (b *binding) recordsConvert(L *lua.LState) int {
	const call = "crm.records.convert"
	id := idArg(L, 1, call, "lead_id")
	o := b.options(L, 2, call)
	opts := crm.ConvertOptions{
		Overwrite: o.OptBool("overwrite"), NotifyLeadOwner: o.OptBool("notify_lead_owner"), NotifyNewEntityOwner: o.OptBool("notify_new_entity_owner"),
		Accounts: o.ID("Accounts"), Contacts: o.ID("Contacts"), AssignTo: o.ID("assign_to"), Deals: o.Record(b, "Deals"),
	}
	o.Done()
	conv, err := b.conn.CRM().ConvertLead(ctxOf(L), id, opts)
	if err != nil {
		return b.raise(L, call, err)
	}
	t := L.CreateTable(0, 3)
	for k, v := range map[string]string{"Contacts": conv.Contacts, "Accounts": conv.Accounts, "Deals": conv.Deals} {
		if v == "" {
			t.RawSetString(k, b.null)
		} else {
			t.RawSetString(k, lua.LString(v))
		}
	}
	L.Push(t)
	return 1
}

// recordsRelated is crm.records.related(module, id, related_list, opts) -> records, info
//
// One page of a record's related list (e.g. an account's "Contacts").
// opts: page, per_page, fields, modified_since.
func (b *binding) recordsRelated(L *lua.LState) int {
	const call = "crm.records.related"
	module := checkName(L, 1, call, "module")
	id := idArg(L, 2, call, "id")
	related := checkName(L, 3, call, "related_list")
	o := b.options(L, 4, call)
	opts := crm.RelatedOptions{Page: o.Int("page"), PerPage: o.Int("per_page"), Fields: o.Strings("fields", false), ModifiedSince: o.String("modified_since")}
	o.Done()
	recs, info, err := b.conn.CRM().RelatedRecords(ctxOf(L), module, id, related, opts)
	if err != nil {
		return b.raise(L, call, err)
	}
	return b.pushPage(L, recs, info)
}

type linkCall func(c *crm.Client, L *lua.LState, module, id, related string, ids []string) ([]crm.Result, error)

func (b *binding) recordsLinkCall(L *lua.LState, call string, f linkCall) int {
	module := checkName(L, 1, call, "module")
	id := idArg(L, 2, call, "id")
	related := checkName(L, 3, call, "related_list")
	ids := checkIDs(L, 4, call, "related_ids")
	rs, err := f(b.conn.CRM(), L, module, id, related, ids)
	if err != nil {
		return b.raise(L, call, err)
	}
	return b.pushResults(L, rs, false)
}

// recordsLink is crm.records.link(module, id, related_list, related_id_or_ids) -> results
//
// Relates records of related_list to the record; one result per related id.
func (b *binding) recordsLink(L *lua.LState) int {
	return b.recordsLinkCall(L, "crm.records.link", func(c *crm.Client, L *lua.LState, m, id, rel string, ids []string) ([]crm.Result, error) {
		return c.LinkRecords(ctxOf(L), m, id, rel, ids)
	})
}

// recordsUnlink is crm.records.unlink(module, id, related_list, related_id_or_ids) -> results
//
// Removes relations made by crm.records.link (or a lookup to the record).
func (b *binding) recordsUnlink(L *lua.LState) int {
	return b.recordsLinkCall(L, "crm.records.unlink", func(c *crm.Client, L *lua.LState, m, id, rel string, ids []string) ([]crm.Result, error) {
		return c.UnlinkRecords(ctxOf(L), m, id, rel, ids)
	})
}

// recordsAddTags is crm.records.add_tags(module, ids, tags, opts) -> results
//
// Adds tags (names) to records, 500 records per request; one result per
// id. opts: over_write (true replaces the records' tags).
func (b *binding) recordsAddTags(L *lua.LState) int {
	const call = "crm.records.add_tags"
	module := checkName(L, 1, call, "module")
	ids := checkIDs(L, 2, call, "ids")
	tags := checkStrings(L, 3, call, "tags")
	o := b.options(L, 4, call)
	over := o.Bool("over_write")
	o.Done()
	rs, err := b.conn.CRM().AddTags(ctxOf(L), module, ids, tags, over)
	if err != nil {
		return b.raise(L, call, err)
	}
	return b.pushResults(L, rs, false)
}

// recordsRemoveTags is crm.records.remove_tags(module, ids, tags) -> results
//
// Removes tags from records; one result per id.
func (b *binding) recordsRemoveTags(L *lua.LState) int {
	const call = "crm.records.remove_tags"
	module := checkName(L, 1, call, "module")
	ids := checkIDs(L, 2, call, "ids")
	tags := checkStrings(L, 3, call, "tags")
	rs, err := b.conn.CRM().RemoveTags(ctxOf(L), module, ids, tags)
	if err != nil {
		return b.raise(L, call, err)
	}
	return b.pushResults(L, rs, false)
}
