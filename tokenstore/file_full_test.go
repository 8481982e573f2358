//go:build linux

package tokenstore_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/zcrmrun/zcrmrun/tokenstore"
)

// TestFileOnAFullDiskKeepsTheOldTokens saves tokens on a real 64 KiB
// tmpfs, fills it, and saves again: the save fails with ENOSPC naming the
// token file (never a token), the old tokens are still there, whole, no
// temporary file is left, and once space is freed the next save works.
func TestFileOnAFullDiskKeepsTheOldTokens(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=64k,mode=0700"); err != nil {
		t.Skipf("a full disk is simulated with a 64 KiB tmpfs, which needs root (mount: %v)", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, 0) })
	path := filepath.Join(dir, "zcrmrun", "tokens.json")
	s := tokenstore.NewFile(path)
	old := tokenstore.Token{UserID: "u", AccessToken: "1000.a.old", RefreshToken: "1000.r.old"}
	if err := s.Save(ctx, old); err != nil {
		t.Fatal(err)
	}
	filler := filepath.Join(dir, "filler")
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	block := make([]byte, 1024)
	for {
		if _, err := f.Write(block); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			break
		}
	}
	f.Close()

	big := tokenstore.Token{UserID: "u", AccessToken: "1000.a.new." + strings.Repeat("x", 8<<10), RefreshToken: "1000.r.new"}
	err = s.Save(ctx, big)
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("save on a full disk: %v, want ENOSPC", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "token file") || strings.Contains(msg, "1000.a.new") || strings.Contains(msg, "1000.r") {
		t.Errorf("error %q: want it to name the token file and no token", msg)
	}
	if got, err := s.Load(ctx, "u"); err != nil || got.RefreshToken != old.RefreshToken || got.AccessToken != old.AccessToken {
		t.Fatalf("after the failed save: %+v, %v; want the old tokens whole", got, err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".tokens.json.tmp-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}

	os.Remove(filler)
	if err := s.Save(ctx, big); err != nil {
		t.Fatalf("after space was freed: %v", err)
	}
	if got, _ := s.Load(ctx, "u"); got.AccessToken != big.AccessToken {
		t.Fatal("the save after recovery did not stick")
	}
}
