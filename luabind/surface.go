package luabind

import (
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/crm"
)

// Helpers shared by the notes, attachments, settings, request and API
// bindings.

// idArg reads a required record id argument. A number is refused by name:
// Zoho ids pass 2^53, so a Lua number has already lost digits.
func idArg(L *lua.LState, n int, call, what string) string {
	if v := L.Get(n); v.Type() == lua.LTNumber {
		L.RaiseError("%s: %s (argument #%d) must be a string: record ids pass 2^53 and a number loses digits, got number", call, what, n)
	}
	return checkName(L, n, call, what)
}

// parentArgs reads the (module, id) pair of notes calls: both strings, or
// both nil for the org-wide /Notes forms.
func parentArgs(L *lua.LState, call string) (module, id string) {
	if L.Get(1) == lua.LNil && L.Get(2) == lua.LNil {
		return "", ""
	}
	return checkName(L, 1, call, "module"), idArg(L, 2, call, "id")
}

// pushList pushes items as a crm.array (empty when there are none).
func (b *binding) pushList(L *lua.LState, items []map[string]any) {
	t := b.toLua(L, items)
	if items == nil {
		t = b.toLua(L, []any{})
	}
	L.Push(t)
}

// pushOrNil pushes item, or nil when there is none.
func (b *binding) pushOrNil(L *lua.LState, item map[string]any) {
	if item == nil {
		L.Push(lua.LNil)
		return
	}
	L.Push(b.toLua(L, item))
}

// infoTable is the info of a paged list.
func infoTable(L *lua.LState, info crm.Info) *lua.LTable {
	it := L.CreateTable(0, 4)
	it.RawSetString("per_page", lua.LNumber(info.PerPage))
	it.RawSetString("count", lua.LNumber(info.Count))
	it.RawSetString("page", lua.LNumber(info.Page))
	it.RawSetString("more_records", lua.LBool(info.MoreRecords))
	return it
}

// outcomeTable is one per-item result: {status=, code=, message=, id=, details=}.
func (b *binding) outcomeTable(L *lua.LState, o crm.Outcome) *lua.LTable {
	t := L.CreateTable(0, 5)
	t.RawSetString("status", lua.LString(o.Status))
	t.RawSetString("code", lua.LString(o.Code))
	t.RawSetString("message", lua.LString(o.Message))
	if o.ID != "" {
		t.RawSetString("id", lua.LString(o.ID))
	}
	t.RawSetString("details", b.toLua(L, o.Details))
	return t
}

// objectArg converts a table argument that must encode as a JSON object.
func (b *binding) objectArg(L *lua.LState, v lua.LValue, call, what string) map[string]any {
	t, ok := v.(*lua.LTable)
	if !ok {
		L.RaiseError("%s: %s must be a table, got %s", call, what, v.Type())
	}
	if t.Metatable != b.objectMT && t.Len() > 0 {
		L.RaiseError("%s: %s must be a table with string keys, got an array", call, what)
	}
	x, err := b.fromLua(t, 0)
	if err != nil {
		L.RaiseError("%s: %s: %v", call, what, err)
	}
	m, ok := x.(map[string]any)
	if !ok {
		m = map[string]any{} // an empty table
	}
	return m
}

// scalarString renders a string, number or boolean the way a query string
// or header carries it; integers print without a decimal point.
func scalarString(v lua.LValue) (string, bool) {
	switch x := v.(type) {
	case lua.LString:
		return string(x), true
	case lua.LBool:
		return strconv.FormatBool(bool(x)), true
	case lua.LNumber:
		f := float64(x)
		if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			return strconv.FormatInt(int64(f), 10), true
		}
		if f == math.Trunc(f) {
			return "", false // past 2^53 the digits are already lost: an id given as a number
		}
		return strconv.FormatFloat(f, 'g', -1, 64), true
	}
	return "", false
}

// badScalar explains why scalarString refused v.
func badScalar(v lua.LValue) string {
	if v.Type() == lua.LTNumber {
		return "a number past 2^53 has lost digits; give ids as strings"
	}
	return "must be a string, number or boolean, got " + v.Type().String()
}

// queryValues reads a table of parameters: name -> scalar, or name -> an
// array of scalars for a repeated parameter.
func queryValues(L *lua.LState, v lua.LValue, call, what string) url.Values {
	q := url.Values{}
	t, ok := v.(*lua.LTable)
	if v == lua.LNil {
		return q
	}
	if !ok {
		L.RaiseError("%s: %s must be a table, got %s", call, what, v.Type())
	}
	t.ForEach(func(k, e lua.LValue) {
		name, ok := k.(lua.LString)
		if !ok {
			L.RaiseError("%s: %s keys must be strings, got %s", call, what, k.Type())
		}
		if arr, ok := e.(*lua.LTable); ok {
			for i := 1; i <= arr.Len(); i++ {
				s, ok := scalarString(arr.RawGetInt(i))
				if !ok {
					L.RaiseError("%s: %s.%s[%d]: %s", call, what, name, i, badScalar(arr.RawGetInt(i)))
				}
				q.Add(string(name), s)
			}
			return
		}
		s, ok := scalarString(e)
		if !ok {
			L.RaiseError("%s: %s.%s: %s", call, what, name, badScalar(e))
		}
		q.Set(string(name), s)
	})
	return q
}

// headersTable turns reply headers into name -> value with lower-case
// names; repeated headers are joined with ", ".
func headersTable(L *lua.LState, h map[string][]string) *lua.LTable {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	t := L.CreateTable(0, len(h))
	for _, k := range names {
		t.RawSetString(strings.ToLower(k), lua.LString(strings.Join(h[k], ", ")))
	}
	return t
}

func itoa(i int) string { return strconv.Itoa(i) }
