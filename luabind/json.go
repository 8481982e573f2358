package luabind

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// registryKey holds a state's JSON sentinel and metatables in its registry,
// so crm.null == json.null and crm.array/json.array tag alike however many
// crm tables and json tables one state opens.
const registryKey = "zcrmrun.luabind.json"

// jsonValues returns the state's null sentinel and object/array metatables,
// creating them on first use.
func jsonValues(L *lua.LState) (null *lua.LUserData, objectMT, arrayMT *lua.LTable) {
	reg := L.G.Registry
	if t, ok := reg.RawGetString(registryKey).(*lua.LTable); ok {
		return t.RawGetInt(1).(*lua.LUserData), t.RawGetInt(2).(*lua.LTable), t.RawGetInt(3).(*lua.LTable)
	}
	null = L.NewUserData()
	nullMT := L.NewTable()
	nullMT.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int { L.Push(lua.LString("null")); return 1 }))
	nullMT.RawSetString("__name", lua.LString("crm.null"))
	null.Metatable = nullMT
	objectMT = L.NewTable()
	objectMT.RawSetString("__name", lua.LString("crm.object"))
	arrayMT = L.NewTable()
	arrayMT.RawSetString("__name", lua.LString("crm.array"))
	t := L.CreateTable(3, 0)
	t.RawSetInt(1, null)
	t.RawSetInt(2, objectMT)
	t.RawSetInt(3, arrayMT)
	reg.RawSetString(registryKey, t)
	return null, objectMT, arrayMT
}

// Null returns the state's null sentinel (crm.null, json.null).
func Null(L *lua.LState) *lua.LUserData {
	null, _, _ := jsonValues(L)
	return null
}

// IsArray reports whether t is tagged as a JSON array (crm.array).
func IsArray(L *lua.LState, t *lua.LTable) bool {
	_, _, arrayMT := jsonValues(L)
	return t.Metatable == arrayMT
}

// OpenJSON builds the json table: encode, decode, null, array, object. It
// uses the same conversion as the crm table, so values decoded here can be
// sent to the CRM unchanged and the other way round.
func OpenJSON(L *lua.LState) *lua.LTable {
	b := &binding{}
	b.null, b.objectMT, b.arrayMT = jsonValues(L)
	t := L.NewTable()
	t.RawSetString("null", b.null)
	t.RawSetString("encode", L.NewFunction(b.jsonEncode))
	t.RawSetString("decode", L.NewFunction(b.jsonDecode))
	t.RawSetString("array", L.NewFunction(b.array))
	t.RawSetString("object", L.NewFunction(b.object))
	return t
}

// jsonEncode: json.encode(value [, {indent = "  "}]) -> string | nil, err
// Object keys come out sorted, so output is stable.
func (b *binding) jsonEncode(L *lua.LState) int {
	v, err := b.fromLua(L.CheckAny(1), 0)
	if err != nil {
		L.Push(lua.LNil)
		L.Push(lua.LString("json.encode: " + err.Error()))
		return 2
	}
	indent := ""
	if opts := L.OptTable(2, nil); opts != nil {
		indent = lua.LVAsString(opts.RawGetString("indent"))
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", indent)
	if err := enc.Encode(v); err != nil {
		L.Push(lua.LNil)
		L.Push(lua.LString("json.encode: " + err.Error()))
		return 2
	}
	L.Push(lua.LString(strings.TrimSuffix(buf.String(), "\n")))
	return 1
}

// jsonDecode: json.decode(text) -> value | nil, err
// null becomes json.null, objects and arrays keep their kind (so an empty
// object encodes back as {}), and numbers float64 cannot hold exactly stay
// strings.
func (b *binding) jsonDecode(L *lua.LState) int {
	src := L.CheckString(1)
	dec := json.NewDecoder(strings.NewReader(src))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	if err == nil && dec.More() {
		err = fmt.Errorf("unexpected data after the value at offset %d", dec.InputOffset())
	}
	if err != nil {
		L.Push(lua.LNil)
		L.Push(lua.LString("json.decode: " + err.Error()))
		return 2
	}
	L.Push(b.toLua(L, v))
	return 1
}
