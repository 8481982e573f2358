package lua51

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// engine is the carried gopher-lua, relative to this package.
const engine = "../third_party/gopher-lua"

// TestGeneratedSourcesFresh fails when vm.go or state.go is not what
// upstream's go-inline makes of _vm.go and _state.go: a patch must change
// the source and regenerate (third_party/gopher-lua/regen.sh). The parser
// is hand-written since patch P1, so nothing generates it.
func TestGeneratedSourcesFresh(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 runs upstream's go-inline; not installed")
	}
	tmp := t.TempDir()
	gofiles, err := filepath.Glob(filepath.Join(engine, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range gofiles {
		copyFile(t, f, filepath.Join(tmp, filepath.Base(f)))
		names = append(names, filepath.Base(f))
	}
	inline := exec.Command("python3", append([]string{mustAbs(t, filepath.Join(engine, "_tools", "go-inline"))}, names...)...)
	inline.Dir = tmp
	if out, err := inline.CombinedOutput(); err != nil {
		t.Fatalf("go-inline: %v\n%s", err, out)
	}
	if out, err := exec.Command("gofmt", "-w", filepath.Join(tmp, "vm.go"), filepath.Join(tmp, "state.go")).CombinedOutput(); err != nil {
		t.Fatalf("gofmt: %v\n%s", err, out)
	}
	for _, f := range []string{"vm.go", "state.go"} {
		sameFile(t, filepath.Join(engine, f), filepath.Join(tmp, f), "_"+f+" through go-inline")
	}
}

func sameFile(t *testing.T, committed, regenerated, from string) {
	t.Helper()
	a, err := os.ReadFile(committed)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(regenerated)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Errorf("%s is stale: it is not what %s makes; run third_party/gopher-lua/regen.sh", committed, from)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}
