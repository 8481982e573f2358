package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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

// The steps init prints work as typed in the folder init ran in: the shell
// takes the printed cd (quoting and all), and then, with the config filled
// in as steps 2-5 say (against a local emulator standing in for Zoho), the
// printed grant and run commands use the new config.toml and script.
func TestInitStepsWorkFromWhereInitRan(t *testing.T) {
	srv, id, secret := startSeededEmulator(t)
	root, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(root, "home-config")) // the default token file's folder
	t.Chdir(root)
	out, errOut, code := runCLI(t, "init", "it's my proj")
	if code != exitOK {
		t.Fatalf("init: exit %d: %s", code, errOut)
	}
	_, cd, ok := strings.Cut(out, "cd ")
	if !ok {
		t.Fatalf("the steps never say cd:\n%s", out)
	}
	cd, _, _ = strings.Cut(cd, "\n")
	pwd, err := exec.Command("sh", "-c", "cd "+cd+" && pwd -P").Output()
	if err != nil || strings.TrimSpace(string(pwd)) != filepath.Join(root, "it's my proj") {
		t.Fatalf("sh: cd %s: %v, went to %q", cd, err, pwd)
	}
	t.Chdir(strings.TrimSpace(string(pwd)))

	b, err := os.ReadFile("config.toml")
	if err != nil {
		t.Fatal(err)
	}
	filled := strings.NewReplacer(`"1000.XXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"`, `"`+id+`"`, `"replace-me"`, `"`+secret+`"`,
		`dc = "us"`, `accounts_url = "`+srv.URL()+`"`).Replace(string(b))
	if err := os.WriteFile("config.toml", []byte(filled), 0o600); err != nil {
		t.Fatal(err)
	}
	grant, err := srv.GrantCode(id, "", "")
	if err != nil {
		t.Fatal(err)
	}
	cmds := regexp.MustCompile(`zcrmrun ((auth grant|run) [^()\n]+)`).FindAllStringSubmatch(out, -1)
	if len(cmds) != 3 {
		t.Fatalf("%d grant and run commands in the steps, want 3:\n%s", len(cmds), out)
	}
	for _, m := range cmds {
		words, err := exec.Command("sh", "-c", `printf '%s\n' `+strings.Replace(m[1], "PASTE-THE-CODE", grant, 1)).Output()
		if err != nil {
			t.Fatal(err)
		}
		out, errOut, code := runCLI(t, lines(string(words))...)
		if code != exitOK || m[2] == "run" && !strings.Contains(out, "leads on this page") {
			t.Errorf("zcrmrun %s: exit %d\n%s%s", m[1], code, out, errOut)
		}
	}
}
