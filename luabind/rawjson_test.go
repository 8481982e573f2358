package luabind

import (
	"bytes"
	"encoding/json"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// FuzzRawToLuaMatchesToLua: converting JSON text straight into Lua gives
// what decoding it into Go values and converting those gives — same
// tables, metatables, crm.null, strings and numbers — for any document.
func FuzzRawToLuaMatchesToLua(f *testing.F) {
	for _, seed := range []string{
		`{"id":"5725767000000224003","Tag":[],"Owner":{"name":"Ana","id":"1","email":"a@b"},"Description":null,"$converted":false}`,
		`[1,null,3]`, `{}`, `[]`, `[{},[]]`, `{"a":{"b":{"c":[null,{}]}}}`, ` { "a" : [ 1 , 2 ] } `,
		`{"n":9007199254740993,"m":4150868000000224003,"f":1.5,"g":-0.25,"e":1e300,"z":0,"x":-1E-7,"big":1e400}`,
		`{"u":"東京 \u00e9 😀","q":"say \"hi\"\n\/","s":"\ud83d\ude00 \ud800","bad":"` + "\xff\xfe" + `","empty":""}`,
		`{"dup":1,"dup":2}`, `{"t":true,"f":false}`, `"just a string"`, `12`, `null`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return // the records come from a json.Decoder: always valid
		}
		var in any
		d := json.NewDecoder(bytes.NewReader(data))
		d.UseNumber()
		if d.Decode(&in) != nil || d.More() || depth(in) > 64 {
			return
		}
		L := lua.NewState()
		defer L.Close()
		v := valuesOf(L)
		raw, err := v.rawToLua(L, bytes.TrimSpace(data))
		if err != nil {
			t.Fatalf("%q: %v", data, err)
		}
		if !sameLua(v, raw, v.toLua(L, in)) {
			t.Fatalf("%q: rawToLua differs from toLua", data)
		}
	})
}

// sameLua compares Lua values deeply, metatables by identity.
func sameLua(v *stateValues, a, b lua.LValue) bool {
	ta, ok := a.(*lua.LTable)
	if !ok {
		return a == b
	}
	tb, ok := b.(*lua.LTable)
	if !ok || ta.Metatable != tb.Metatable {
		return false
	}
	same := true
	n := 0
	ta.ForEach(func(k, x lua.LValue) {
		n++
		same = same && sameLua(v, x, tb.RawGet(k))
	})
	tb.ForEach(func(lua.LValue, lua.LValue) { n-- })
	return same && n == 0
}

func TestRawToLuaRefusesBrokenJSON(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	v := valuesOf(L)
	for _, bad := range []string{``, `{`, `{"a"}`, `{"a":1,}`, `[1 2]`, `tru`, `"open`, `{"a":1} x`, `{1:2}`} {
		if _, err := v.rawToLua(L, []byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
