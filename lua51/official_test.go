package lua51

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// cannotPass lists the official Lua 5.1 test files (as gopher-lua carries
// them) that zcrmrun cannot pass, each with the reason. The test fails if
// one of them starts passing, so the list stays true.
var cannotPass = map[string]string{}

// TestOfficialLua51Tests runs each file of gopher-lua's _lua5.1-tests
// under zcrmrun, in a scratch copy of the folder (some write files).
func TestOfficialLua51Tests(t *testing.T) {
	src := filepath.Join(engine, "_lua5.1-tests")
	files, err := filepath.Glob(filepath.Join(src, "*.lua"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no test files in %s: %v", src, err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		if name == "all.lua" {
			continue // the driver of the others
		}
		t.Run(strings.TrimSuffix(name, ".lua"), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
				t.Fatal(err)
			}
			got := run(t, dir, name, 2*time.Minute)
			failed := strings.Contains(got, "\n--- ") || strings.HasPrefix(got, "--- ")
			reason, listed := cannotPass[name]
			switch {
			case failed && !listed:
				t.Errorf("%s fails under zcrmrun:\n%s", name, tail(got, 15))
			case !failed && listed:
				t.Errorf("%s now passes; remove it from cannotPass (%s)", name, reason)
			}
		})
	}
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
