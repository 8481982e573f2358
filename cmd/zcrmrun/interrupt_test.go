package main

import (
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCtrlCDuringABulkCreateSaysWhatWasWritten: SIGINT reaches a real
// `zcrmrun run` while a 1,000-record create is in flight against a slow
// external sandbox (--latency, two calls at a time). The run ends with
// exit 130 (128 + SIGINT, as shells report it), saying it was
// interrupted, how many records were written, which inputs were in
// flight with an unknown outcome and which were never sent; the CRM
// afterwards agrees: every written input is there, no unsent one is.
func TestCtrlCDuringABulkCreateSaysWhatWasWritten(t *testing.T) {
	bin := buildZcrmrun(t)
	info := startSandboxProcess(t, bin, "--leads", "0", "--latency", "150ms")
	dir := t.TempDir()
	cfg := writeFile(t, dir, "config.toml", fmt.Sprintf("[oauth]\nclient_id = %q\nclient_secret = %q\naccounts_url = %q\n[api]\nuser = \"ops\"\nurl = %q\nconcurrency = 2\n[tokenstore]\npath = %q\n",
		info.ClientID, info.ClientSecret, info.AccountsURL, info.APIURL, filepath.Join(dir, "tokens.json")))
	if out, err := exec.Command(bin, "auth", "import", "--config", cfg, "--refresh-token", info.RefreshToken).CombinedOutput(); err != nil {
		t.Fatalf("auth import: %v\n%s", err, out)
	}
	const n = 1000
	script := writeFile(t, dir, "bulk.lua", fmt.Sprintf(`local recs = {}
for i = 1, %d do recs[i] = {Last_Name = "sigint-" .. i} end
print("creating") io.stdout:flush()
crm.records.create("Leads", recs)
print("not reached")
`, n))
	cmd := exec.Command(bin, "run", "--config", cfg, script)
	cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_CONFIG_HOME="+dir)
	stdout, stderr := startPiped(t, cmd)
	t.Cleanup(func() { cmd.Process.Kill() })
	if line, err := stdout.ReadString('\n'); err != nil || line != "creating\n" {
		t.Fatalf("script's first line %q, %v; stderr:\n%s", line, err, stderr.String())
	}
	// Interrupt once the third chunk is in the CRM: by then a first chunk
	// was answered (a third is sent only after one of the first two).
	em := newEmulatorClient(t, info)
	for {
		if _, recs := em.leads(url.Values{"per_page": {"200"}, "page": {"2"}}); len(recs) > 0 {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 130 {
			t.Fatalf("ended with %v, want exit 130; stderr:\n%s", err, stderr.String())
		}
	case <-time.After(stopBound):
		t.Fatalf("still running %s after SIGINT; stderr:\n%s", stopBound, stderr.String())
	}
	errOut := stderr.String()
	m := regexp.MustCompile(`bulk\.lua:4: crm\.records\.create: stopped \(interrupted by SIGINT \(Ctrl-C\)\): (\d+) of 1000 records written(?:; outcome unknown for \d+, in flight when stopped \(inputs ([0-9, -]+); check them before sending again\))?(?:; \d+ not sent \(inputs ([0-9, -]+)\))?\n`).FindStringSubmatch(errOut)
	if m == nil || !strings.Contains(errOut, "zcrmrun run: interrupted by SIGINT (Ctrl-C); exit 130\n") {
		t.Fatalf("stderr does not say what the interrupted create did:\n%s", errOut)
	}
	written, _ := strconv.Atoi(m[1])
	unknown, notSent := inputSpans(t, m[2]), inputSpans(t, m[3])
	if written == 0 || written+len(unknown)+len(notSent) != n {
		t.Fatalf("%d written, %d unknown, %d not sent: want some written and every input accounted for\n%s", written, len(unknown), len(notSent), errOut)
	}

	present := map[int]bool{}
	for page := 1; page <= 5; page++ {
		_, recs := em.leads(url.Values{"per_page": {"200"}, "page": {strconv.Itoa(page)}, "fields": {"Last_Name"}})
		for _, r := range recs {
			i, _ := strconv.Atoi(strings.TrimPrefix(r["Last_Name"].(string), "sigint-"))
			present[i] = true
		}
	}
	for i := 1; i <= n; i++ {
		switch {
		case notSent[i] && present[i]:
			t.Errorf("input %d is reported not sent, yet the CRM has it", i)
		case !notSent[i] && !unknown[i] && !present[i]:
			t.Errorf("input %d is counted as written, yet the CRM lacks it", i)
		}
	}
	t.Logf("%d written, %d unknown, %d not sent, %d in the CRM", written, len(unknown), len(notSent), len(present))
}

// inputSpans reads "1-100, 201-300" (1-based inputs) as a set.
func inputSpans(t *testing.T, s string) map[int]bool {
	t.Helper()
	out := map[int]bool{}
	for _, part := range strings.Split(s, ", ") {
		if part == "" {
			continue
		}
		a, b, isRange := strings.Cut(part, "-")
		lo, err1 := strconv.Atoi(a)
		hi, err2 := lo, error(nil)
		if isRange {
			hi, err2 = strconv.Atoi(b)
		}
		if err1 != nil || err2 != nil {
			t.Fatalf("bad input span %q", part)
		}
		for i := lo; i <= hi; i++ {
			out[i] = true
		}
	}
	return out
}
