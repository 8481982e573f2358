package luabind

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	lua "github.com/yuin/gopher-lua"
)

// toLua converts a decoded JSON value to Lua. Objects and arrays carry a
// metatable so they encode back as what they were, null becomes crm.null
// (so it keeps its place in arrays), and numbers that float64 cannot hold
// exactly stay strings.
func (b *stateValues) toLua(L *lua.LState, v any) lua.LValue {
	switch x := v.(type) {
	case nil:
		return b.null
	case string:
		return lua.LString(x)
	case bool:
		return lua.LBool(x)
	case json.Number:
		return numberToLua(x)
	case float64:
		return lua.LNumber(x)
	case int:
		return lua.LNumber(x)
	case map[string]any:
		t := L.CreateTable(0, len(x))
		for k, e := range x {
			t.RawSetString(k, b.toLua(L, e))
		}
		t.Metatable = b.objectMT
		return t
	case []any:
		t := L.CreateTable(len(x), 0)
		for i, e := range x {
			t.RawSetInt(i+1, b.toLua(L, e))
		}
		t.Metatable = b.arrayMT
		return t
	case []map[string]any:
		t := L.CreateTable(len(x), 0)
		for i, e := range x {
			t.RawSetInt(i+1, b.toLua(L, e))
		}
		t.Metatable = b.arrayMT
		return t
	}
	return lua.LString(fmt.Sprint(v))
}

// numberToLua keeps a JSON number as a Lua number only when float64 holds
// it without loss: integers up to 2^53 and decimals of at most 15
// significant digits. Anything longer (19-digit ids, long decimals) stays a
// string, so no digit is ever silently changed.
func numberToLua(n json.Number) lua.LValue {
	s := n.String()
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		if i >= -(1<<53) && i <= 1<<53 {
			return lua.LNumber(i)
		}
		return lua.LString(s)
	}
	digits := 0
	for _, c := range s {
		if c == 'e' || c == 'E' {
			break
		}
		if c >= '0' && c <= '9' {
			digits++
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || digits > 15 {
		return lua.LString(s)
	}
	return lua.LNumber(f)
}

// fromLua converts a Lua value to what encoding/json marshals. Tables are
// arrays when tagged crm.array or keyed exactly 1..n, objects when tagged
// crm.object or keyed by strings; an untagged empty table is an array (it
// fits Zoho list fields such as Tag); mixed tables are an error.
func (b *stateValues) fromLua(v lua.LValue, depth int) (any, error) {
	if depth > 64 {
		return nil, fmt.Errorf("table nested too deeply (or contains a cycle)")
	}
	switch x := v.(type) {
	case *lua.LNilType:
		return nil, nil
	case lua.LBool:
		return bool(x), nil
	case lua.LString:
		return string(x), nil
	case lua.LNumber:
		f := float64(x)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("number %v cannot be sent as JSON", f)
		}
		if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			return json.Number(strconv.FormatInt(int64(f), 10)), nil
		}
		return json.Number(strconv.FormatFloat(f, 'g', -1, 64)), nil
	case *lua.LUserData:
		if x == b.null {
			return nil, nil
		}
		return nil, fmt.Errorf("cannot convert userdata to JSON")
	case *lua.LTable:
		return b.tableFromLua(x, depth)
	}
	return nil, fmt.Errorf("cannot convert %s to JSON", v.Type())
}

func (b *stateValues) tableFromLua(t *lua.LTable, depth int) (any, error) {
	n := t.MaxN()
	var strKeys, otherKeys int
	t.ForEach(func(k, _ lua.LValue) {
		switch k.(type) {
		case lua.LString:
			strKeys++
		default:
			otherKeys++
		}
	})
	isArray := t.Metatable == b.arrayMT || (t.Metatable != b.objectMT && strKeys == 0)
	if isArray {
		if strKeys > 0 || otherKeys != n {
			return nil, fmt.Errorf("table tagged as an array has keys other than 1..%d", n)
		}
		out := make([]any, n)
		for i := 1; i <= n; i++ {
			e, err := b.fromLua(t.RawGetInt(i), depth+1)
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			out[i-1] = e
		}
		return out, nil
	}
	if otherKeys > 0 {
		return nil, fmt.Errorf("table mixes string keys with other keys; use one or the other")
	}
	out := make(map[string]any, strKeys)
	var err error
	t.ForEach(func(k, v lua.LValue) {
		if err != nil {
			return
		}
		var e any
		if e, err = b.fromLua(v, depth+1); err != nil {
			err = fmt.Errorf("%s: %w", k.String(), err)
			return
		}
		out[k.String()] = e
	})
	return out, err
}

// Value converts a JSON-shaped Go value (maps, slices, strings, numbers,
// bools, nil) to Lua as crm results are converted: the host hands scripts
// such values as globals, like serve's event table.
func Value(L *lua.LState, v any) lua.LValue { return valuesOf(L).toLua(L, v) }
