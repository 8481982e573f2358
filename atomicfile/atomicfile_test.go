package atomicfile_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zcrmrun/zcrmrun/atomicfile"
)

func TestWriteReplacesWholeWithMode(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "tokens.json")
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := atomicfile.Write(p, []byte("new content"), 0o600); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	st, _ := os.Stat(p)
	if string(b) != "new content" || st.Mode().Perm() != 0o600 {
		t.Errorf("content %q mode %v", b, st.Mode().Perm())
	}
	if left, _ := filepath.Glob(filepath.Join(dir, atomicfile.TempPrefix(p)+"*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestWriteErrorsNameTheTargetNotTheTemporaryFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "missing-dir", "out.csv")
	err := atomicfile.Write(p, []byte("x"), 0o644)
	if err == nil || !strings.HasPrefix(err.Error(), "writing "+p+": ") || strings.Contains(err.Error(), ".tmp-") {
		t.Errorf("error %v", err)
	}
}

// A directory in the way is named as one, not as "file exists" (which is
// what os.Rename onto a directory says), and is left as it was.
func TestWriteOntoADirectorySaysSo(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "out.csv")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	err := atomicfile.Write(target, []byte("a,b\n"), 0o644)
	if err == nil || err.Error() != "writing "+target+": is a directory" {
		t.Fatalf("got %v", err)
	}
	if fi, err := os.Stat(target); err != nil || !fi.IsDir() {
		t.Errorf("the directory is gone: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
