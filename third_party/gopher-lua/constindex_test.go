package lua

import (
	"strings"
	"testing"

	"github.com/yuin/gopher-lua/parse"
)

// TestConstIndexSharesSlots: each distinct constant gets one slot, found
// again by the index map (F1) rather than a scan of every constant.
func TestConstIndexSharesSlots(t *testing.T) {
	src := "local a, b, c, d, e = 'x', 'x', 1, 1, 'y'\nlocal f = {}\n"
	for i := 0; i < 3; i++ {
		src += "f.k = 1.5; f.k = 'x'\n"
	}
	chunk, err := parse.Parse(strings.NewReader(src), "<test>")
	if err != nil {
		t.Fatal(err)
	}
	proto, err := Compile(chunk, "<test>")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range proto.Constants {
		got = append(got, c.String())
	}
	if want := "x 1 y k 1.5"; strings.Join(got, " ") != want {
		t.Fatalf("constants %q, want %q", strings.Join(got, " "), want)
	}
}
