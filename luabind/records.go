package luabind

import (
	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/crm"
)

func (b *binding) recordFuncs() map[string]lua.LGFunction {
	return map[string]lua.LGFunction{
		"list": b.recordsList,
	}
}

// recordsList is crm.records.list(module, opts) -> records, info
//
// One page of a module. opts: page, per_page, fields (array or comma list),
// sort_by, sort_order ("asc"|"desc"), cvid, converted, approved (true,
// false or "both"), ids (array of id strings), modified_since (ISO time,
// sent as If-Modified-Since). records is an array of record tables (empty
// past the last page); info is {per_page=, count=, page=, more_records=}.
func (b *binding) recordsList(L *lua.LState) int {
	const call = "crm.records.list"
	module := checkName(L, 1, call, "module")
	o := b.options(L, 2, call)
	opts := crm.ListOptions{
		Page: o.Int("page"), PerPage: o.Int("per_page"), Fields: o.Strings("fields", false),
		SortBy: o.String("sort_by"), SortOrder: o.String("sort_order"), CVID: o.String("cvid"),
		Converted: o.Flag("converted"), Approved: o.Flag("approved"), IDs: o.Strings("ids", true),
		ModifiedSince: o.String("modified_since"),
	}
	o.Done()
	recs, info, err := b.conn.CRM().ListRecords(ctxOf(L), module, opts)
	if err != nil {
		return b.raise(L, call, err)
	}
	rt := L.CreateTable(len(recs), 0)
	for i, r := range recs {
		rt.RawSetInt(i+1, b.toLua(L, r))
	}
	rt.Metatable = b.arrayMT
	it := L.CreateTable(0, 4)
	it.RawSetString("per_page", lua.LNumber(info.PerPage))
	it.RawSetString("count", lua.LNumber(info.Count))
	it.RawSetString("page", lua.LNumber(info.Page))
	it.RawSetString("more_records", lua.LBool(info.MoreRecords))
	L.Push(rt)
	L.Push(it)
	return 2
}
