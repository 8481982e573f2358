package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zcrmrun/zcrmrun/internal/syncbuf"
	"github.com/zcrmrun/zcrmrun/tokenstore"
)

// eventually polls cond; the deadline only keeps a broken test from
// hanging.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func TestWatchCommandRerunsSavedScriptsAndSurvivesTimeouts(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "job.lua")
	os.WriteFile(script, []byte("-- empty"), 0o644)
	var out, errb syncbuf.Buffer
	c := &cli{stdout: &out, stderr: &errb}
	ctx, cancel := context.WithCancel(t.Context())
	code := make(chan int, 1)
	go func() {
		code <- c.main(ctx, []string{"watch", "--sandbox", "--timeout", "300ms", "--debounce", "50ms", dir})
	}()
	eventually(t, "the watcher to start", func() bool { return strings.Contains(errb.String(), "watching") })

	save := func(src string) {
		os.WriteFile(script+".tmp", []byte(src), 0o644)
		os.Rename(script+".tmp", script)
	}
	save(`print("modules", #crm.modules.list() > 0)`)
	eventually(t, "the first run", func() bool { return strings.Contains(errb.String(), " ok\n") })
	if out.String() != "modules\ttrue\n" {
		t.Fatalf("stdout %q", out.String())
	}
	save("local n = 0\nwhile true do n = n + 1 end")
	eventually(t, "the timeout", func() bool { return strings.Contains(errb.String(), "timed out after 300ms") })
	if !strings.Contains(errb.String(), "job.lua:2: ") {
		t.Fatalf("no file:line in %q", errb.String())
	}
	save(`print("still watching")`)
	eventually(t, "the run after the timeout", func() bool { return strings.Contains(out.String(), "still watching\n") })

	cancel()
	if got := <-code; got != exitOK {
		t.Fatalf("exit code %d; stderr %q", got, errb.String())
	}
}

func TestWatchRefusesAFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "job.lua")
	os.WriteFile(f, nil, 0o644)
	var out, errb bytes.Buffer
	if code := (&cli{stdout: &out, stderr: &errb}).main(t.Context(), []string{"watch", "--sandbox", f}); code != exitUsage || !strings.Contains(errb.String(), "not a folder") {
		t.Fatalf("code %d stderr %q", code, errb.String())
	}
}

func TestRunTimeout(t *testing.T) {
	f := filepath.Join(t.TempDir(), "slow.lua")
	os.WriteFile(f, []byte("print('start')\nsleep(30)\n"), 0o644)
	var out, errb bytes.Buffer
	code := (&cli{stdout: &out, stderr: &errb}).main(t.Context(), []string{"run", "--sandbox", "--timeout", "100ms", f})
	if code != exitScript || out.String() != "start\n" || !strings.Contains(errb.String(), "slow.lua:2: sleep: timed out after 100ms") {
		t.Fatalf("code %d stdout %q stderr %q", code, out.String(), errb.String())
	}
}

func TestScriptConfigSection(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "lib"), 0o755)
	os.WriteFile(filepath.Join(dir, "lib", "greet.lua"), []byte(`return function(n) return "hello " .. n end`), 0o644)
	cfg := filepath.Join(dir, "zcrmrun.toml")
	os.WriteFile(cfg, []byte("[script]\npaths = [\"lib\"]\nallow_exec = true\nlog_level = \"debug\"\n"), 0o644)
	f := filepath.Join(t.TempDir(), "main.lua")
	os.WriteFile(f, []byte("log.debug('dbg')\nprint(require('greet')('you'), os.execute('exit 0'))\n"), 0o644)
	t.Chdir(t.TempDir()) // the configured path is relative to the config file, not the working directory
	var out, errb bytes.Buffer
	code := (&cli{stdout: &out, stderr: &errb}).main(t.Context(), []string{"run", "--sandbox", "--config", cfg, f})
	if code != exitOK || out.String() != "hello you\t0\n" || !strings.Contains(errb.String(), "DEBUG ") {
		t.Fatalf("code %d stdout %q stderr %q", code, out.String(), errb.String())
	}
	os.WriteFile(cfg, []byte("[script]\nlog_level = \"loud\"\n"), 0o644)
	errb.Reset()
	if code := (&cli{stdout: &out, stderr: &errb}).main(t.Context(), []string{"run", "--sandbox", "--config", cfg, f}); code != exitUsage || !strings.Contains(errb.String(), "zcrmrun.toml:2: script.log_level") {
		t.Fatalf("code %d stderr %q", code, errb.String())
	}
}

// TestTimeoutCancelsABlockingCRMCall: the per-run timeout reaches Go I/O
// the VM cannot interrupt. The CRM here accepts the request and never
// answers.
func TestTimeoutCancelsABlockingCRMCall(t *testing.T) {
	hung := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-hung:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(hung)
	dir := t.TempDir()
	tokens := filepath.Join(dir, "tokens.json")
	tok := tokenstore.Token{UserID: "u@example.com", AccessToken: "1000.a", RefreshToken: "1000.r", Expiry: time.Now().Add(time.Hour), APIDomain: srv.URL}
	if err := tokenstore.NewFile(tokens).Save(t.Context(), tok); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("[oauth]\nclient_id = \"id\"\nclient_secret = \"secret\"\naccounts_url = %q\n[api]\nuser = \"u@example.com\"\nurl = %q\n[tokenstore]\npath = %q\n", srv.URL, srv.URL, tokens)), 0o644)
	f := filepath.Join(dir, "list.lua")
	os.WriteFile(f, []byte("print('calling')\nlocal recs = crm.records.list('Leads')\nprint('not reached')\n"), 0o644)
	var out, errb bytes.Buffer
	code := (&cli{stdout: &out, stderr: &errb}).main(t.Context(), []string{"run", "--config", cfg, "--timeout", "200ms", f})
	if code != exitScript || out.String() != "calling\n" || !strings.Contains(errb.String(), "list.lua:2:") || !strings.Contains(errb.String(), "crm.records.list: ") || !strings.Contains(errb.String(), "timed out after 200ms") {
		t.Fatalf("code %d stdout %q stderr %q", code, out.String(), errb.String())
	}
}
