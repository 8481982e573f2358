package luabind

import (
	"regexp"

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
// offset, several calls at once (crm.Client.IterCOQL); a LIMIT in the
// query bounds the rows read. COQL reaches 10,000 rows at most: a query
// with more raises rather than stopping early, as does any failed call.
func (b *binding) coqlIter(L *lua.LState) int {
	const call = "crm.coql_iter"
	query := checkName(L, 1, call, "query")
	module := ""
	if m := coqlModule.FindStringSubmatch(query); m != nil {
		module = m[1]
	}
	L.Push(b.iterator(L, call, module, b.conn.CRM().IterCOQL(ctxOf(L), query)))
	return 1
}

// coqlModule finds the module a query reads, to name its progress bar.
var coqlModule = regexp.MustCompile(`(?i)\bfrom\s+(\w+)`)
