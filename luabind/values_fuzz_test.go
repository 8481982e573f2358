package luabind

import (
	"bytes"
	"encoding/json"
	"math/big"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// FuzzJSONRoundTrip: any JSON document decoded into Lua and encoded back
// keeps its shape — null stays null (also inside arrays), [] stays [] and
// {} stays {}, strings (19-digit ids, unicode) are byte-identical — and
// every number keeps its value: exactly representable ones stay numbers,
// the rest come back as strings holding the same digits.
func FuzzJSONRoundTrip(f *testing.F) {
	for _, seed := range []string{
		`{"id":"5725767000000224003","Tag":[],"Owner":{"name":"Ana","id":"1"},"Description":null}`,
		`[1,null,3]`, `{}`, `[]`, `[{},[]]`, `{"a":{"b":{"c":[null,{}]}}}`,
		`{"n":9007199254740993,"m":4150868000000224003,"f":1.5,"g":-0.25,"e":1e300,"z":0}`,
		`{"u":"東京 \u00e9 😀","q":"say \"hi\"\n","empty":""}`,
		`{"t":true,"f":false}`, `"just a string"`, `12`, `null`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var in any
		d := json.NewDecoder(bytes.NewReader(data))
		d.UseNumber()
		if d.Decode(&in) != nil || d.More() {
			return
		}
		L := lua.NewState()
		defer L.Close()
		v := valuesOf(L)
		out, err := v.fromLua(v.toLua(L, in), 0)
		if err != nil {
			// Only nesting past the depth limit may fail.
			if depth(in) <= 64 {
				t.Fatalf("%s: %v", data, err)
			}
			return
		}
		if !sameJSON(in, out) {
			a, _ := json.Marshal(in)
			b, _ := json.Marshal(out)
			t.Fatalf("round trip changed\n%s\ninto\n%s", a, b)
		}
	})
}

func depth(v any) int {
	d := 0
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			d = max(d, depth(e))
		}
		return d + 1
	case []any:
		for _, e := range x {
			d = max(d, depth(e))
		}
		return d + 1
	}
	return 0
}

func sameJSON(a, b any) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case bool, string:
		return a == b
	case json.Number:
		var digits string
		switch y := b.(type) {
		case json.Number:
			digits = y.String()
		case string: // too long for a float64: kept as text
			digits = y
		default:
			return false
		}
		p, _, err1 := big.ParseFloat(x.String(), 10, 200, big.ToNearestEven)
		q, _, err2 := big.ParseFloat(digits, 10, 200, big.ToNearestEven)
		if err1 != nil || err2 != nil {
			return false
		}
		if p.Cmp(q) == 0 {
			return true
		}
		// a decimal that float64 cannot hold exactly comes back as its
		// nearest float64, which must parse to the same float64
		fp, _ := p.Float64()
		fq, _ := q.Float64()
		return fp == fq
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, e := range x {
			if !sameJSON(e, y[k]) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameJSON(x[i], y[i]) {
				return false
			}
		}
		return true
	}
	return false
}
