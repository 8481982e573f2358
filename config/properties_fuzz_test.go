package config

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// FuzzParseProperties: any bytes give properties or a *config.Error with
// the file and a line inside it — never a panic. Every property it reads,
// written back with escapes, reads back as the same key and value, so a
// client secret with '=', ':', '#', '\' or non-ASCII bytes survives. The
// seed corpus is testdata/fuzz/FuzzParseProperties, run by every go test.
func FuzzParseProperties(f *testing.F) {
	f.Fuzz(func(t *testing.T, data string) {
		props, err := parseProperties("p.properties", data)
		lines := strings.Count(data, "\n") + 1
		if err != nil {
			var ce *Error
			if !errors.As(err, &ce) || ce.Path != "p.properties" || ce.Line < 1 || ce.Line > lines {
				t.Fatalf("error %#v does not name the file and a line in 1..%d", err, lines)
			}
			return
		}
		var sb strings.Builder
		for _, p := range props {
			if p.line < 1 || p.line > lines {
				t.Fatalf("property %q on line %d of %d", p.key, p.line, lines)
			}
			fmt.Fprintf(&sb, "%s=%s\n", escapeProperty(p.key), escapeProperty(p.value))
		}
		again, err := parseProperties("p.properties", sb.String())
		if err != nil {
			t.Fatalf("written back as %q: %v", sb.String(), err)
		}
		if len(again) != len(props) {
			t.Fatalf("%d properties read back as %d from %q", len(props), len(again), sb.String())
		}
		for i, p := range props {
			if again[i].key != p.key || again[i].value != p.value {
				t.Fatalf("%q=%q read back as %q=%q", p.key, p.value, again[i].key, again[i].value)
			}
		}
	})
}

// escapeProperty writes s so that parseProperties reads exactly s back.
func escapeProperty(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\f':
			b.WriteString(`\f`)
		case ' ':
			b.WriteString(`\u0020`) // "\ " would lose a trailing blank to the value trim
		case '=', ':', '#', '!', '[':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
