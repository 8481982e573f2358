package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zcrmrun/zcrmrun/crmsim"
)

// TestFailurePathsHoldNoSecrets runs verbose commands through the failure
// paths of faults and stores — lost and damaged replies, 5xx and HTML
// pages, hung calls ended by [api] timeout, token endpoint outages during
// refresh, unknown create outcomes, a MySQL store that is down — and finds
// no client secret, token, grant code or database password in anything
// printed or logged.
func TestFailurePathsHoldNoSecrets(t *testing.T) {
	w := newAuthWorld(t)
	good := w.code("")
	if code, _, errs := w.zcrmrun("auth", "grant", good, "--verbose", "--config", w.config); code != 0 {
		t.Fatalf("grant: %d %s", code, errs)
	}
	secrets := append([]string{w.secret, good}, w.stored()...)

	// The same config with a short request timeout, so hung calls end.
	cfg, err := os.ReadFile(w.config)
	if err != nil {
		t.Fatal(err)
	}
	faulty := filepath.Join(w.dir, "faulty.toml")
	if err := os.WriteFile(faulty, append(cfg, "[api]\ntimeout = \"300ms\"\n"...), 0o600); err != nil {
		t.Fatal(err)
	}
	w.srv.InjectFaults(crmsim.Faults{Rate: 0.5, Seed: 11, TokenOutage: 0.5, Slow: 10 * time.Millisecond})
	script := w.script(`
		local recs = {}
		for i = 1, 250 do recs[i] = {Last_Name = "secret-path-" .. i} end
		print(pcall(crm.records.create, "Leads", recs))
		print(pcall(crm.records.list, "Leads", {per_page = 2}))
		print(pcall(crm.records.search, "Leads", {criteria = "(Last_Name:equals:secret-path-1)"}))
		crm.records.create("Leads", recs)
	`)
	failed := 0
	for run := range 4 {
		if run == 2 {
			w.clock.Advance(2 * time.Hour) // the access token expired: refreshes meet the outage
		}
		if exit, _, _ := w.zcrmrun("run", "--verbose", "--config", faulty, script); exit != 0 {
			failed++
		}
		secrets = append(secrets, w.stored()...)
	}
	if failed == 0 {
		t.Error("no run failed under 50% faults: the failure paths were not walked")
	}
	if f := w.srv.InjectedFaults(); len(f) < 5 {
		t.Errorf("only these faults were injected: %v", f)
	}

	// A MySQL token store that is down (nothing listens on its port).
	const dbPassword = "db-Pa55word-never-shown"
	mysqlCfg := filepath.Join(w.dir, "mysql.toml")
	text := strings.Replace(string(cfg), "kind = \"file\"", "kind = \"mysql\"\ndsn = \"zoho:"+dbPassword+"@tcp(127.0.0.1:1)/zohooauth\"", 1)
	text = strings.Replace(text, "path = \""+w.tokens+"\"\n", "", 1)
	if err := os.WriteFile(mysqlCfg, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	secrets = append(secrets, dbPassword)
	if exit, _, errs := w.zcrmrun("run", "--verbose", "--config", mysqlCfg, script); exit == 0 || !strings.Contains(errs, "127.0.0.1:1") {
		t.Errorf("run on a MySQL store that is down: exit %d, %q", exit, errs)
	}
	if exit, _, errs := w.zcrmrun("auth", "status", "--config", mysqlCfg); exit == 0 || !strings.Contains(errs, "127.0.0.1:1") {
		t.Errorf("auth status on a MySQL store that is down: exit %d, %q", exit, errs)
	}

	all := w.output.String()
	for _, want := range []string{"outcome unknown for", "msg=http", "status=503"} {
		if !strings.Contains(all, want) {
			t.Errorf("the output never mentions %q: the path was not walked", want)
		}
	}
	for i, s := range secrets {
		if s != "" && strings.Contains(all, s) {
			t.Errorf("secret #%d (%d chars) appears in the output", i, len(s))
		}
	}
}
