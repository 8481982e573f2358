package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInitWritesAConfigAndAFirstScriptThatRuns(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "proj")
	out, errOut, code := runCLI(t, "init", "--dc", "eu", dir)
	if code != exitOK {
		t.Fatalf("init: exit %d: %s", code, errOut)
	}
	for _, want := range []string{"https://api-console.zoho.eu", "Self Client", "zcrmrun auth grant", "scripts/first.lua"} {
		if !strings.Contains(out, want) {
			t.Errorf("init's steps do not mention %q:\n%s", want, out)
		}
	}
	cfg := filepath.Join(dir, "config.toml")
	if st, err := os.Stat(cfg); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("config.toml: %v %v", st, err)
	}
	b, _ := os.ReadFile(cfg)
	if !strings.Contains(string(b), `dc = "eu"`) {
		t.Error(`config.toml does not say dc = "eu"`)
	}
	out, errOut, code = runCLI(t, "run", "--config", cfg, "--sandbox", filepath.Join(dir, "scripts", "first.lua"))
	if code != exitOK || !strings.Contains(out, "Full_Name") || !strings.Contains(out, "leads on this page") {
		t.Errorf("first.lua in the sandbox: exit %d\n%s%s", code, out, errOut)
	}

	// A second init never overwrites.
	os.WriteFile(cfg, []byte("# mine\n"), 0o600)
	_, errOut, code = runCLI(t, "init", dir)
	if code != exitUsage || !strings.Contains(errOut, "exists; nothing was written") {
		t.Errorf("init over an existing config: exit %d: %s", code, errOut)
	}
	if b, _ := os.ReadFile(cfg); string(b) != "# mine\n" {
		t.Error("init overwrote an existing config.toml")
	}
	if _, _, code := runCLI(t, "init", "--dc", "mars", dir); code != exitUsage {
		t.Errorf("unknown data centre: exit %d", code)
	}
}
