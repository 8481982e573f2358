package luabind

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// Null returns the state's null sentinel (crm.null, json.null).
func Null(L *lua.LState) *lua.LUserData { return valuesOf(L).null }

// OpenJSON builds the json table: encode, decode, null, array, object. It
// uses the same conversion as the crm table, so values decoded here can be
// sent to the CRM unchanged and the other way round.
func OpenJSON(L *lua.LState) *lua.LTable {
	b := &binding{stateValues: valuesOf(L)}
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
