package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// coql is crm.coql(query) -> records, info
//
// Runs one COQL select query (at most 200 rows; use LIMIT offset, count or
// crm.coql_iter for more). records is an array (empty when nothing
// matched); info is {count=, more_records=}.
func (b *binding) coql(L *lua.LState) int {
	const call = "crm.coql"
	query := checkName(L, 1, call, "query")
	if L.GetTop() > 1 {
		L.RaiseError("%s: takes one argument, the query", call)
	}
	recs, info, err := b.conn.CRM().COQL(ctxOf(L), query)
	if err != nil {
		return b.raise(L, call, err)
	}
	b.pushList(L, recs)
	it := L.CreateTable(0, 2)
	it.RawSetString("count", lua.LNumber(info.Count))
	it.RawSetString("more_records", lua.LBool(info.MoreRecords))
	L.Push(it)
	return 2
}

// coqlIter is crm.coql_iter(query) -> iterator
//
// Iterates over every row of a query, 200 per call, by rewriting its LIMIT
// offset; a LIMIT in the query bounds the rows read. COQL reaches 10,000
// rows at most: a query with more raises rather than stopping early, as
// does any failed call.
func (b *binding) coqlIter(L *lua.LState) int {
	const call = "crm.coql_iter"
	query := checkName(L, 1, call, "query")
	pager := b.conn.CRM().COQLPages(query)
	var buf []map[string]any
	next := L.NewFunction(func(L *lua.LState) int {
		for len(buf) == 0 {
			page, err := pager.Next(ctxOf(L))
			if err != nil {
				return b.raise(L, call, err)
			}
			if page == nil {
				L.Push(lua.LNil)
				return 1
			}
			buf = page
		}
		L.Push(b.toLua(L, buf[0]))
		buf = buf[1:]
		return 1
	})
	L.Push(next)
	return 1
}
