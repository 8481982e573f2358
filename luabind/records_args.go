package luabind

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"time"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/crm"
	"github.com/zcrmrun/zcrmrun/progress"
)

// idNumberHint says why a number is refused where an id belongs.
const idNumberHint = "record ids must be strings (a number loses digits past 2^53), got number"

// checkIDs reads one id or an array of ids (argument n), refusing numbers
// and empty strings.
func checkIDs(L *lua.LState, n int, call, what string) []string {
	switch v := L.Get(n).(type) {
	case lua.LString:
		return []string{idArg(L, n, call, what)}
	case *lua.LTable:
		ids := stringList(L, v, call, what, true)
		for i, id := range ids {
			if id == "" {
				L.RaiseError("%s: %s[%d] is an empty string", call, what, i+1)
			}
		}
		return ids
	case *lua.LNilType:
		L.RaiseError("%s: %s (argument #%d) is missing", call, what, n)
	case lua.LNumber:
		idArg(L, n, call, what) // raises: ids are strings
	default:
		L.RaiseError("%s: %s (argument #%d) must be an id string or an array of them, got %s", call, what, n, v.Type())
	}
	return nil
}

// checkStrings reads a required array of strings (or one comma-separated
// string), such as tag names.
func checkStrings(L *lua.LState, n int, call, what string) []string {
	out := stringList(L, L.Get(n), call, what, false)
	if len(out) == 0 {
		L.RaiseError("%s: %s (argument #%d) must be a non-empty string or array of strings", call, what, n)
	}
	return out
}

// checkRecords reads a record (a table of fields) or an array of records.
// Every "id", including those of lookups, must be a string.
func (b *binding) checkRecords(L *lua.LState, n int, call string) []crm.Record {
	t, ok := L.Get(n).(*lua.LTable)
	if !ok {
		L.RaiseError("%s: records (argument #%d) must be a record table or an array of them, got %s", call, n, L.Get(n).Type())
	}
	isList := t.Metatable == b.arrayMT || (t.Metatable != b.objectMT && t.RawGetInt(1) != lua.LNil)
	if !isList {
		if t.Metatable != b.objectMT && isEmpty(t) {
			L.RaiseError("%s: records (argument #%d) is an empty table; pass a record, an array of records, or crm.array{} for none", call, n)
		}
		return []crm.Record{b.checkRecord(L, t, call, "record")}
	}
	keys := 0
	t.ForEach(func(lua.LValue, lua.LValue) { keys++ })
	if keys != t.Len() {
		L.RaiseError("%s: records (argument #%d) mixes an array of records with other keys", call, n)
	}
	out := make([]crm.Record, 0, t.Len())
	for i := 1; i <= t.Len(); i++ {
		e, ok := t.RawGetInt(i).(*lua.LTable)
		if !ok {
			L.RaiseError("%s: record #%d must be a table, got %s", call, i, t.RawGetInt(i).Type())
		}
		out = append(out, b.checkRecord(L, e, call, fmt.Sprintf("record #%d", i)))
	}
	return out
}

func isEmpty(t *lua.LTable) bool {
	k, _ := t.Next(lua.LNil)
	return k == lua.LNil
}

// checkRecord converts one record table, refusing number ids.
func (b *binding) checkRecord(L *lua.LState, t *lua.LTable, call, what string) crm.Record {
	checkIDFields(L, t, call, what, 0)
	v, err := b.fromLua(t, 0)
	if err != nil {
		L.RaiseError("%s: %s: %v", call, what, err)
	}
	rec, ok := v.(map[string]any)
	if !ok {
		L.RaiseError("%s: %s must be a table of fields (field API name = value)", call, what)
	}
	return rec
}

// checkIDFields raises on a number under any "id" key within t.
func checkIDFields(L *lua.LState, t *lua.LTable, call, path string, depth int) {
	if depth > 8 {
		return // fromLua reports cycles and depth
	}
	t.ForEach(func(k, v lua.LValue) {
		switch x := v.(type) {
		case lua.LNumber:
			if k.String() == "id" {
				L.RaiseError("%s: %s: field id: %s", call, path, idNumberHint)
			}
		case *lua.LTable:
			checkIDFields(L, x, call, path+"."+k.String(), depth+1)
		}
	})
}

// OptBool reads an optional boolean option; nil when absent, so Zoho's
// default applies.
func (o *options) OptBool(name string) *bool {
	switch x := o.get(name).(type) {
	case *lua.LNilType:
		return nil
	case lua.LBool:
		b := bool(x)
		return &b
	default:
		o.fail(name, "a boolean", x)
	}
	return nil
}

// ID reads an optional record id option: a string, never a number.
func (o *options) ID(name string) string {
	if v := o.get(name); v.Type() == lua.LTNumber {
		o.L.RaiseError("%s: option %s: %s", o.call, name, idNumberHint)
	}
	return o.String(name)
}

// Record reads an optional record option (a table of fields).
func (o *options) Record(b *binding, name string) crm.Record {
	switch x := o.get(name).(type) {
	case *lua.LNilType:
		return nil
	case *lua.LTable:
		return b.checkRecord(o.L, x, o.call, "option "+name)
	default:
		o.fail(name, "a table of fields", x)
	}
	return nil
}

// pushPage pushes records and info, the two results of every paged call.
func (b *binding) pushPage(L *lua.LState, recs []crm.Record, info crm.Info) int {
	b.pushList(L, recs)
	it := infoTable(L, info)
	if info.NextPageToken != "" {
		it.RawSetString("next_page_token", lua.LString(info.NextPageToken))
	}
	L.Push(it)
	return 2
}

// pushResults pushes per-record results, one per input in input order:
// {status=, code=, message=, id=, details=}, with action and
// duplicate_field (crm.null on insert) for upsert.
func (b *binding) pushResults(L *lua.LState, rs []crm.Result, upsert bool) int {
	L.Push(b.resultsTable(L, rs, upsert))
	return 1
}

// resultsTable is the array pushResults pushes.
func (b *binding) resultsTable(L *lua.LState, rs []crm.Result, upsert bool) *lua.LTable {
	out := L.CreateTable(len(rs), 0)
	for i, r := range rs {
		t := b.outcomeTable(L, r)
		if upsert {
			t.RawSetString("action", lua.LString(r.Action))
			if r.DuplicateField != "" {
				t.RawSetString("duplicate_field", lua.LString(r.DuplicateField))
			} else {
				t.RawSetString("duplicate_field", b.null)
			}
		}
		out.RawSetInt(i+1, t)
	}
	out.Metatable = b.arrayMT
	return out
}

// iterator wraps pages as a generic-for iterator yielding one record per
// call. Pages fetch in their own goroutine as Go values; every Lua value
// is made here, on the state's goroutine. A failed page raises (a for
// loop would otherwise end silently on nil).
//
// Past the first page a progress bar counts the records yielded (no
// total: Zoho does not say how many there are), so a one-page loop draws
// nothing.
func (b *binding) iterator(L *lua.LState, call, module string, pages *crm.Pages) *lua.LFunction {
	return pageIterator(L, b, call, module, pages, func(r crm.Record) (lua.LValue, error) { return b.toLua(L, r), nil })
}

// rawIterator is iterator over records kept as JSON text, converted
// straight into Lua tables (rawToLua) without a map[string]any between.
func (b *binding) rawIterator(L *lua.LState, call, module string, pages *crm.RawPages) *lua.LFunction {
	return pageIterator(L, b, call, module, pages, func(r json.RawMessage) (lua.LValue, error) { return b.rawToLua(L, r) })
}

func pageIterator[T any](L *lua.LState, b *binding, call, module string, pages *crm.PagesOf[T], conv func(T) (lua.LValue, error)) *lua.LFunction {
	var buf []T
	var bar progress.Bar
	fetched, yielded := 0, 0
	start := time.Now()
	var fn *lua.LFunction
	fn = L.NewFunction(func(L *lua.LState) int {
		var zero T
		for len(buf) == 0 {
			recs, err := pages.Next(ctxOf(L))
			if bar != nil && err != nil {
				bar.Done()
			}
			if err == io.EOF {
				L.Push(lua.LNil)
				return 1
			}
			if err != nil {
				return b.raise(L, call, err)
			}
			if fetched++; fetched == 2 {
				bar = b.m.Bars.NewSince(-1, call+" "+module, start)
				bar.Add(yielded)
				// A loop left by break never asks again: the bar ends
				// when the iterator is collected, or with the run.
				runtime.AddCleanup(fn, progress.Bar.Done, bar)
			}
			buf = recs
		}
		if yielded++; bar != nil {
			bar.Add(1)
		}
		r := buf[0]
		buf[0] = zero // the loop may run long: let the page go record by record
		buf = buf[1:]
		v, err := conv(r)
		if err != nil {
			return b.raise(L, call, err)
		}
		L.Push(v)
		return 1
	})
	return fn
}

// batchProgress is the context of a batch call of n items with a progress
// bar, when the batch takes more than one request, and the function that
// ends the bar.
func (b *binding) batchProgress(L *lua.LState, call, module string, n int) (context.Context, func()) {
	if n <= crm.MaxWriteRecords {
		return ctxOf(L), func() {}
	}
	bar := b.m.Bars.New(int64(n), call+" "+module)
	return crm.WithProgress(ctxOf(L), bar.Add), bar.Done
}
