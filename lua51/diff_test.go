package lua51

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// notYet lists the programs that still differ from lua5.1 while a fix
// for them is under way; none do today. The test fails when a listed
// program starts to agree, so the list only shrinks.
var notYet = map[string]bool{}

// TestAgainstReference runs every testdata/*.lua under zcrmrun and
// compares what it shows with testdata/*.out, which regen.sh writes with
// the reference lua5.1 (and .ci/run re-checks against it).
func TestAgainstReference(t *testing.T) {
	progs, err := filepath.Glob("testdata/*.lua")
	if err != nil {
		t.Fatal(err)
	}
	if len(progs) == 0 {
		t.Fatal("no programs in testdata")
	}
	for _, prog := range progs {
		name := strings.TrimSuffix(filepath.Base(prog), ".lua")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			want, err := os.ReadFile(strings.TrimSuffix(prog, ".lua") + ".out")
			if err != nil {
				t.Fatalf("%v (run ./regen.sh with lua5.1 installed)", err)
			}
			got := run(t, ".", prog, 20*time.Second)
			if notYet[name] {
				if got == string(want) {
					t.Errorf("%s now agrees with lua5.1; remove it from notYet", prog)
				}
				return
			}
			if got != string(want) {
				t.Errorf("%s differs from lua5.1:\n%s", prog, lineDiff(string(want), got))
			}
		})
	}
}

// lineDiff shows the first lines where want and got part.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl == gl {
			continue
		}
		b.WriteString("  line " + strconv.Itoa(i+1) + ":\n    lua5.1:  " + quote(wl, i < len(w)) + "\n    zcrmrun: " + quote(gl, i < len(g)) + "\n")
		if shown++; shown == 8 {
			b.WriteString("  ...\n")
			break
		}
	}
	return b.String()
}

func quote(s string, present bool) string {
	if !present {
		return "(no line)"
	}
	return "`" + s + "`"
}
