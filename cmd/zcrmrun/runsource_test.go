package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestRunRefusesPipesAndDevicesBeforeReading(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.lua")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero.lua")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, reason string }{
		{fifo, "is a named pipe, not a regular file"},
		{zero, "is a device, not a regular file"},
		{"/dev/zero", "is a device, not a regular file"},
	} {
		// Reading either would hang or exhaust memory; the refusal comes
		// first, as for a missing script.
		_, errOut, code := runCLI(t, "run", tc.path)
		if want := "zcrmrun run: script " + tc.path + ": " + tc.reason + "\n"; code != exitUsage || errOut != want {
			t.Errorf("run %s: exit %d, stderr %q; want exit %d, %q", tc.path, code, errOut, exitUsage, want)
		}
	}
}
