package luabind

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"

	lua "github.com/yuin/gopher-lua"
)

// rawToLua converts one JSON document straight into Lua values, as toLua
// converts the same document decoded with UseNumber: objects and arrays
// carry their metatables, null is crm.null, numbers go through
// numberToLua. Skipping the intermediate map[string]any halves the work of
// iterating records (docs/benchmarks.md). data must be valid JSON (a
// json.Decoder produced it); anything else is an error, never a guess.
func (b *stateValues) rawToLua(L *lua.LState, data []byte) (lua.LValue, error) {
	p := rawParser{b: b, L: L, s: data}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	if p.skipSpace(); p.i != len(p.s) {
		return nil, p.fail("trailing data")
	}
	return v, nil
}

type rawParser struct {
	b *stateValues
	L *lua.LState
	s []byte
	i int
}

func (p *rawParser) fail(what string) error {
	return fmt.Errorf("JSON to Lua: %s at offset %d", what, p.i)
}

func (p *rawParser) skipSpace() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *rawParser) value(depth int) (lua.LValue, error) {
	if depth > 10000 {
		return nil, p.fail("nesting too deep")
	}
	p.skipSpace()
	if p.i >= len(p.s) {
		return nil, p.fail("unexpected end")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		s, err := p.str()
		return lua.LString(s), err
	case c == 't':
		return lua.LTrue, p.literal("true")
	case c == 'f':
		return lua.LFalse, p.literal("false")
	case c == 'n':
		return p.b.null, p.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		start := p.i
		for p.i < len(p.s) {
			c := p.s[p.i]
			if (c < '0' || c > '9') && c != '-' && c != '+' && c != '.' && c != 'e' && c != 'E' {
				break
			}
			p.i++
		}
		return numberToLua(json.Number(p.s[start:p.i])), nil
	}
	return nil, p.fail("unexpected character")
}

func (p *rawParser) literal(word string) error {
	if len(p.s)-p.i < len(word) || string(p.s[p.i:p.i+len(word)]) != word {
		return p.fail("bad literal")
	}
	p.i += len(word)
	return nil
}

func (p *rawParser) object(depth int) (lua.LValue, error) {
	p.i++ // {
	t := p.L.CreateTable(0, 0)
	t.Metatable = p.b.objectMT
	return t, p.elements('}', func() error {
		p.skipSpace()
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			return p.fail("expected a key")
		}
		k, err := p.str()
		if err != nil {
			return err
		}
		p.skipSpace()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return p.fail("expected ':'")
		}
		p.i++
		v, err := p.value(depth + 1)
		if err == nil {
			t.RawSetString(k, v)
		}
		return err
	})
}

func (p *rawParser) array(depth int) (lua.LValue, error) {
	p.i++ // [
	t := p.L.CreateTable(0, 0)
	t.Metatable = p.b.arrayMT
	n := 0
	return t, p.elements(']', func() error {
		v, err := p.value(depth + 1)
		if err == nil {
			n++
			t.RawSetInt(n, v)
		}
		return err
	})
}

// elements reads the comma-separated elements of an object or array, its
// opening bracket already read, through the closing one.
func (p *rawParser) elements(closing byte, elem func() error) error {
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == closing {
		p.i++
		return nil
	}
	for {
		if err := elem(); err != nil {
			return err
		}
		p.skipSpace()
		if p.i >= len(p.s) {
			return p.fail("unexpected end")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case closing:
			p.i++
			return nil
		default:
			return p.fail(fmt.Sprintf("expected ',' or %q", closing))
		}
	}
}

// str reads a string. The common case, no escapes and valid UTF-8, is one
// slice; anything else goes through encoding/json so escapes, surrogate
// pairs and invalid bytes come out exactly as toLua would see them.
func (p *rawParser) str() (string, error) {
	start := p.i
	p.i++ // "
	plain := true
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			body := p.s[start+1 : p.i-1]
			if plain {
				return string(body), nil
			}
			var s string
			if err := json.Unmarshal(p.s[start:p.i], &s); err != nil {
				return "", p.fail("bad string")
			}
			return s, nil
		case c == '\\':
			plain = false
			p.i += 2
		case c < 0x20:
			return "", p.fail("control character in string")
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(p.s[p.i:])
			if r == utf8.RuneError && size == 1 {
				plain = false
			}
			p.i += size
		default:
			p.i++
		}
	}
	return "", p.fail("unterminated string")
}
