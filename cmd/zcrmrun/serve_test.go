package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/zcrmrun/zcrmrun/crmsim"
	"github.com/zcrmrun/zcrmrun/internal/syncbuf"
	"github.com/zcrmrun/zcrmrun/tokenstore"
)

// The local loop of `zcrmrun serve --sandbox`: a Lead created through the
// emulator's API (as any client would create it) reaches the handler
// declared for Leads.create, which sees the event table, reads the Lead
// back with crm and writes what it saw to a file.
func TestServeSandboxRunsHandlerOnLeadCreate(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "seen.txt")
	handler := `-- Records each new Lead.
-- on: Leads.create
local lead = crm.records.get("Leads", event.ids[1])
local f = assert(io.open(` + "`" + `OUT` + "`" + `, "a"))
f:write(event.module, " ", event.operation, " ", type(event.ids[1]), " ", lead.Last_Name, " ", tostring(event.server_time > 0), "\n")
f:close()
`
	handler = strings.ReplaceAll(handler, "`OUT`", "[["+out+"]]")
	if err := os.WriteFile(filepath.Join(dir, "on_lead.lua"), []byte(handler), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr syncbuf.Buffer
	c := &cli{stdout: &stdout, stderr: &stderr}
	ctx, cancel := context.WithCancel(t.Context())
	code := make(chan int, 1)
	go func() { code <- c.main(ctx, []string{"serve", "--sandbox", dir}) }()
	eventually(t, "serve to start", func() bool { return strings.Contains(stderr.String(), "serving 1 handlers") })

	api := regexp.MustCompile(`sandbox CRM at (\S+)`).FindStringSubmatch(stderr.String())
	if api == nil {
		t.Fatalf("no sandbox URL in %q", stderr.String())
	}
	tok, err := crmsim.Console{URL: api[1]}.AccessToken(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	postJSON(t, api[1]+"/crm/v2/Leads", tok, `{"data":[{"Last_Name":"Loopback","Company":"Loop Co"}]}`)
	eventually(t, "the handler's file", func() bool {
		b, _ := os.ReadFile(out)
		return len(b) > 0
	})
	if b, _ := os.ReadFile(out); string(b) != "Leads create string Loopback true\n" {
		t.Fatalf("the handler wrote %q", b)
	}
	eventually(t, "the run's log line", func() bool { return strings.Contains(stderr.String(), "result=ok") })

	cancel()
	if got := <-code; got != exitOK {
		t.Fatalf("exit %d; stderr %s", got, stderr.String())
	}
	if !strings.Contains(stderr.String(), "unsubscribed") {
		t.Fatalf("no unsubscribe at exit: %s", stderr.String())
	}
}

// A handler header that names no real operation is a usage error naming
// file:line; a folder with no handler is one too.
func TestServeBadHeaderIsUsageError(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "bad.lua"), []byte("-- fine\n-- on: Leads.explode\n"), 0o644)
	var stderr syncbuf.Buffer
	c := &cli{stdout: &syncbuf.Buffer{}, stderr: &stderr}
	if got := c.main(t.Context(), []string{"serve", "--sandbox", dir}); got != exitUsage {
		t.Fatalf("exit %d, want 2", got)
	}
	if want := filepath.Join(dir, "bad.lua") + `:2: on: "Leads.explode" is not`; !strings.Contains(stderr.String(), want) {
		t.Fatalf("stderr %q lacks %q", stderr.String(), want)
	}
	empty := t.TempDir()
	stderr = syncbuf.Buffer{}
	if got := c.main(t.Context(), []string{"serve", "--sandbox", empty}); got != exitUsage || !strings.Contains(stderr.String(), "no handler in") {
		t.Fatalf("exit %d, stderr %q", got, stderr.String())
	}
}

// postJSON POSTs body to url as a Zoho client would, failing unless 2xx.
func postJSON(t *testing.T, url, token, body string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Zoho-oauthtoken "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		t.Fatalf("POST %s: %d %s", url, resp.StatusCode, b)
	}
}

// run --singleton NAME does not run while another process holds NAME on
// the file store (tested from this process, which flock excludes alike).
func TestRunSingletonSkipsWhileHeld(t *testing.T) {
	dir := t.TempDir()
	tokens := filepath.Join(dir, "tokens.json")
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte("[oauth]\nclient_id = \"1000.X\"\nclient_secret = \"s\"\n[tokenstore]\nkind = \"file\"\npath = \"tokens.json\"\n"), 0o600)
	job := filepath.Join(dir, "job.lua")
	os.WriteFile(job, []byte(`print("ran")`), 0o644)
	release, ok, err := tokenstore.NewFile(tokens).Singleton(t.Context(), "nightly")
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	var stdout, stderr syncbuf.Buffer
	c := &cli{stdout: &stdout, stderr: &stderr}
	if got := c.main(t.Context(), []string{"run", "--config", cfg, "--singleton", "nightly", job}); got != exitOK || stdout.String() != "" ||
		!strings.Contains(stderr.String(), `singleton "nightly" is held by another run`) {
		t.Fatalf("exit %d, stdout %q, stderr %q", got, stdout.String(), stderr.String())
	}
	release()
	if got := c.main(t.Context(), []string{"run", "--config", cfg, "--singleton", "nightly", job}); got != exitOK || stdout.String() != "ran\n" {
		t.Fatalf("after release: exit %d, stdout %q, stderr %q", got, stdout.String(), stderr.String())
	}
}
