package crmsim

import (
	"encoding/json"
	"slices"
	"strconv"
	"unicode/utf8"
)

// appendJSON appends v as encoding/json would marshal it (object keys
// sorted, <, > and & escaped) for the types records hold, and falls back to
// encoding/json for any other. A page of 200 records is most of what the
// emulator spends time on; reflection and per-map key sorting by
// encoding/json cost several times this.
func appendJSON(buf []byte, v any, keys []string) ([]byte, []string) {
	switch x := v.(type) {
	case nil:
		return append(buf, "null"...), keys
	case string:
		return appendJSONString(buf, x), keys
	case bool:
		return strconv.AppendBool(buf, x), keys
	case int:
		return strconv.AppendInt(buf, int64(x), 10), keys
	case int64:
		return strconv.AppendInt(buf, x, 10), keys
	case record:
		return appendJSONObject(buf, x, keys)
	case map[string]any:
		return appendJSONObject(buf, x, keys)
	case []any:
		buf = append(buf, '[')
		for i, e := range x {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf, keys = appendJSON(buf, e, keys)
		}
		return append(buf, ']'), keys
	}
	b, err := json.Marshal(v)
	if err != nil {
		return append(buf, "null"...), keys
	}
	return append(buf, b...), keys
}

// appendJSONObject appends m with its keys sorted; keys is scratch space
// shared down the recursion (a nested object sorts after its parent's keys).
func appendJSONObject(buf []byte, m map[string]any, keys []string) ([]byte, []string) {
	base := len(keys)
	for k := range m {
		keys = append(keys, k)
	}
	own := keys[base:]
	slices.Sort(own)
	buf = append(buf, '{')
	for i := range own {
		k := keys[base+i] // keys may grow (and move) under the recursion
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendJSONString(buf, k)
		buf = append(buf, ':')
		buf, keys = appendJSON(buf, m[k], keys)
	}
	return append(buf, '}'), keys[:base]
}

const hexDigits = "0123456789abcdef"

// appendJSONString quotes s as encoding/json does, HTML-safe, with invalid
// UTF-8 replaced by U+FFFD.
func appendJSONString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			buf = append(buf, s[start:i]...)
			switch c {
			case '"', '\\':
				buf = append(buf, '\\', c)
			case '\n':
				buf = append(buf, '\\', 'n')
			case '\r':
				buf = append(buf, '\\', 'r')
			case '\t':
				buf = append(buf, '\\', 't')
			default:
				buf = append(buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			buf = append(buf, s[start:i]...)
			buf = append(buf, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			buf = append(buf, s[start:i]...)
			buf = append(buf, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}
