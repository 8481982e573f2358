package script_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/zcrmrun/zcrmrun/script"
)

// notScripts makes, in dir, the files a script must never be read from:
// a named pipe (reading it waits for a writer), a symlink to /dev/zero
// (it never ends) and a sparse file one byte over MaxSourceSize; and a
// symlink to a regular script, which is fine.
func notScripts(t *testing.T, dir string) (refused map[string]string, link string) {
	t.Helper()
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.lua"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.lua")); err != nil {
		t.Fatal(err)
	}
	big, err := os.Create(filepath.Join(dir, "big.lua"))
	if err != nil {
		t.Fatal(err)
	}
	if err := big.Truncate(script.MaxSourceSize + 1); err != nil {
		t.Fatal(err)
	}
	big.Close()
	write(t, dir, "real/target.lua", `print("linked ok")`)
	link = filepath.Join(dir, "link.lua")
	if err := os.Symlink(filepath.Join(dir, "real", "target.lua"), link); err != nil {
		t.Fatal(err)
	}
	return map[string]string{
		"fifo.lua": "is a named pipe, not a regular file",
		"zero.lua": "is a device, not a regular file",
		"big.lua":  "is 16777217 bytes, over the 16 MiB a script file may have",
	}, link
}

func TestOnlyRegularFilesWithinTheSizeLimitAreScripts(t *testing.T) {
	dir := t.TempDir()
	refused, link := notScripts(t, dir)
	for name, reason := range refused {
		p := filepath.Join(dir, name)
		if err := script.CheckSource(p); !errors.Is(err, script.ErrNotSource) || !strings.Contains(err.Error(), reason) {
			t.Errorf("CheckSource(%s) = %v, want %q", name, err, reason)
		}
		// Run reads the file itself: it must refuse, not block or exhaust
		// memory.
		err := script.Run(t.Context(), p, nil, script.Env{})
		if want := p + ": " + reason; err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Run(%s) = %v, want %q", name, err, want)
		}
		// So must require, which finds a module by its name.
		mod := strings.TrimSuffix(name, ".lua")
		err = script.Run(t.Context(), write(t, dir, "uses_"+mod+".lua", `require("`+mod+`")`), nil, script.Env{})
		if err == nil || !strings.Contains(err.Error(), "error loading module '"+mod+"'") || !strings.Contains(err.Error(), reason) {
			t.Errorf("require(%q) = %v, want a loading error saying %q", mod, err, reason)
		}
	}
	var out bytes.Buffer
	if err := script.Run(t.Context(), link, nil, script.Env{Stdout: &out}); err != nil || out.String() != "linked ok\n" {
		t.Fatalf("a symlink to a script: %v, printed %q", err, out.String())
	}
	if err := script.CheckSource(dir); !errors.Is(err, script.ErrNotSource) || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("CheckSource(folder) = %v", err)
	}
	if err := script.CheckSource(filepath.Join(dir, "none.lua")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("CheckSource(missing) = %v, want not exist", err)
	}
}
