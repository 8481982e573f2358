package luabind

import (
	"math"
	"sort"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// options reads an optional options table argument strictly: wrong types
// and unknown keys are errors that name the function and the option.
type options struct {
	L    *lua.LState
	call string
	t    *lua.LTable
	seen map[string]bool
}

func (b *stateValues) options(L *lua.LState, n int, call string) *options {
	o := &options{L: L, call: call, seen: map[string]bool{}}
	switch v := L.Get(n).(type) {
	case *lua.LNilType:
	case *lua.LTable:
		o.t = v
	default:
		L.RaiseError("%s: options (argument #%d) must be a table, got %s", call, n, v.Type())
	}
	return o
}

func (o *options) get(name string) lua.LValue {
	o.seen[name] = true
	if o.t == nil {
		return lua.LNil
	}
	return o.t.RawGetString(name)
}

func (o *options) fail(name, want string, got lua.LValue) {
	o.L.RaiseError("%s: option %s must be %s, got %s", o.call, name, want, got.Type())
}

// Int reads an integer option; 0 when absent.
func (o *options) Int(name string) int {
	v := o.get(name)
	switch x := v.(type) {
	case *lua.LNilType:
		return 0
	case lua.LNumber:
		if float64(x) != math.Trunc(float64(x)) {
			o.fail(name, "an integer", v)
		}
		return int(x)
	}
	o.fail(name, "an integer", v)
	return 0
}

// String reads a string option; "" when absent.
func (o *options) String(name string) string {
	v := o.get(name)
	switch x := v.(type) {
	case *lua.LNilType:
		return ""
	case lua.LString:
		return string(x)
	}
	o.fail(name, "a string", v)
	return ""
}

// Flag reads an option that is a boolean or one of Zoho's words
// ("true", "false", "both").
func (o *options) Flag(name string) string {
	v := o.get(name)
	switch x := v.(type) {
	case *lua.LNilType:
		return ""
	case lua.LBool:
		if x {
			return "true"
		}
		return "false"
	case lua.LString:
		if x == "true" || x == "false" || x == "both" {
			return string(x)
		}
	}
	o.fail(name, `true, false or "both"`, v)
	return ""
}

// Strings reads a list option given as an array of strings or one
// comma-separated string. With ids set, numbers get the message that ids
// must be strings.
func (o *options) Strings(name string, ids bool) []string {
	return stringList(o.L, o.get(name), o.call, "option "+name, ids)
}

// stringList reads an array of strings or one comma-separated string;
// nil reads as no list.
func stringList(L *lua.LState, v lua.LValue, call, what string, ids bool) []string {
	switch x := v.(type) {
	case *lua.LNilType:
		return nil
	case lua.LString:
		return strings.Split(string(x), ",")
	case *lua.LTable:
		out := make([]string, 0, x.Len())
		for i := 1; i <= x.Len(); i++ {
			e := x.RawGetInt(i)
			s, ok := e.(lua.LString)
			if !ok {
				if ids && e.Type() == lua.LTNumber {
					L.RaiseError("%s: %s[%d]: record ids must be strings (a number loses digits past 2^53), got number", call, what, i)
				}
				L.RaiseError("%s: %s[%d] must be a string, got %s", call, what, i, e.Type())
			}
			out = append(out, string(s))
		}
		return out
	}
	L.RaiseError("%s: %s must be a string or an array of strings, got %s", call, what, v.Type())
	return nil
}

// Done raises on keys no reader asked for, so typos do not pass silently.
func (o *options) Done() {
	if o.t == nil {
		return
	}
	var unknown []string
	o.t.ForEach(func(k, _ lua.LValue) {
		if !o.seen[k.String()] {
			unknown = append(unknown, k.String())
		}
	})
	if len(unknown) > 0 {
		sort.Strings(unknown)
		known := make([]string, 0, len(o.seen))
		for k := range o.seen {
			known = append(known, k)
		}
		sort.Strings(known)
		o.L.RaiseError("%s: unknown option %s (known: %s)", o.call, strings.Join(unknown, ", "), strings.Join(known, ", "))
	}
}

// checkName reads a required string argument such as a module name.
func checkName(L *lua.LState, n int, call, what string) string {
	v := L.Get(n)
	s, ok := v.(lua.LString)
	if !ok || s == "" {
		if v.Type() == lua.LTNil {
			L.RaiseError("%s: %s (argument #%d) is missing", call, what, n)
		}
		L.RaiseError("%s: %s (argument #%d) must be a non-empty string, got %s", call, what, n, v.Type())
	}
	return string(s)
}

// Bool reads a boolean option; false when absent.
func (o *options) Bool(name string) bool {
	v := o.get(name)
	switch x := v.(type) {
	case *lua.LNilType:
		return false
	case lua.LBool:
		return bool(x)
	}
	o.fail(name, "true or false", v)
	return false
}

// sortedKeys lists a table's string keys in order, for stable output.
func sortedKeys(t *lua.LTable) []string {
	var keys []string
	t.ForEach(func(k, _ lua.LValue) {
		if s, ok := k.(lua.LString); ok {
			keys = append(keys, string(s))
		}
	})
	sort.Strings(keys)
	return keys
}

// checkTable reads a table argument; an optional one may be nil, and is
// then a new empty table. Unlike L.CheckTable, the message names the
// function, which a function called through a table field cannot show.
func checkTable(L *lua.LState, n int, call, what string, optional bool) *lua.LTable {
	switch v := L.Get(n).(type) {
	case *lua.LTable:
		return v
	case *lua.LNilType:
		if optional {
			return L.NewTable()
		}
		L.RaiseError("%s: %s (argument #%d) is missing", call, what, n)
	default:
		L.RaiseError("%s: %s (argument #%d) must be a table, got %s", call, what, n, v.Type())
	}
	return nil
}
