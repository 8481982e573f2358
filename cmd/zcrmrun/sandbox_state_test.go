package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runSandbox runs `zcrmrun sandbox --json args...` in-process, returns its
// first line, and a stop func that interrupts it and returns its exit code.
func runSandbox(t *testing.T, args ...string) (sandboxInfo, func() int) {
	t.Helper()
	var stderr strings.Builder
	info, stop := runSandboxLogging(t, &stderr, args...)
	logged := false
	stopAndLog := func() int {
		c := stop()
		if !logged && stderr.Len() > 0 {
			t.Logf("sandbox stderr: %s", stderr.String())
		}
		logged = true
		return c
	}
	t.Cleanup(func() { stopAndLog() })
	return info, stopAndLog
}

// runSandboxLogging is runSandbox with its stderr going to stderr.
func runSandboxLogging(t *testing.T, stderr io.Writer, args ...string) (sandboxInfo, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	code := make(chan int, 1)
	go func() {
		code <- (&cli{stdout: pw, stderr: stderr}).main(ctx, append([]string{"sandbox", "--json"}, args...))
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("sandbox printed no line (exit %d): %v", <-code, stderr)
	}
	go io.Copy(io.Discard, pr)
	var info sandboxInfo
	if err := json.Unmarshal([]byte(line), &info); err != nil {
		t.Fatalf("first line is not JSON (%d bytes)", len(line))
	}
	info.line = line
	stopped := false
	stop := func() int {
		if stopped {
			return 0
		}
		stopped = true
		cancel()
		return <-code
	}
	t.Cleanup(func() { stop() })
	return info, stop
}

// A client configured once from the first --json line keeps working after
// the sandbox restarts with the same --state: same client, same refresh
// token, same CA file, and the emulator's data carried over.
func TestSandboxStateKeepsCredentialsAcrossRestarts(t *testing.T) {
	state := filepath.Join(t.TempDir(), "crm.json")
	first, stop := runSandbox(t, "--tls", "--state", state)
	if want := filepath.Join(filepath.Dir(state), "crm-tls", "crmsim-ca.pem"); first.CACert != want {
		t.Errorf("ca_cert %q, want %q beside the state file", first.CACert, want)
	}
	_, before := newEmulatorClient(t, first).leads(url.Values{"per_page": {"3"}})
	caBefore, _ := os.ReadFile(first.CACert)
	if code := stop(); code != exitOK {
		t.Fatalf("first sandbox exited %d", code)
	}
	if _, err := os.Stat(state); err != nil {
		t.Fatalf("no state file after shutdown: %v", err)
	}

	second, _ := runSandbox(t, "--tls", "--state", state)
	for name, same := range map[string]bool{
		"client_id": second.ClientID == first.ClientID, "client_secret": second.ClientSecret == first.ClientSecret,
		"refresh_token": second.RefreshToken == first.RefreshToken, "ca_cert": second.CACert == first.CACert,
	} {
		if !same {
			t.Errorf("%s changed across restarts", name)
		}
	}
	if caAfter, _ := os.ReadFile(second.CACert); string(caAfter) != string(caBefore) {
		t.Error("the CA changed across restarts")
	}
	// The old line, with only the port updated, still authenticates.
	first.APIURL, first.TokenURL = second.APIURL, second.TokenURL
	_, after := newEmulatorClient(t, first).leads(url.Values{"per_page": {"3"}})
	if len(after) != 3 || asJSONString(t, after) != asJSONString(t, before) {
		t.Errorf("records changed across restarts:\n%v\n%v", before, after)
	}
}

func asJSONString(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSandboxRefusesACorruptStateFile(t *testing.T) {
	state := filepath.Join(t.TempDir(), "crm.json")
	if err := os.WriteFile(state, []byte("{truncated"), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr strings.Builder
	code := (&cli{stdout: &stdout, stderr: &stderr}).main(t.Context(), []string{"sandbox", "--json", "--state", state})
	if code == exitOK || !strings.Contains(stderr.String(), state) || stdout.Len() != 0 {
		t.Fatalf("exit %d, stderr %q, stdout %q: want a failure naming %s", code, stderr.String(), stdout.String(), state)
	}
	if b, _ := os.ReadFile(state); string(b) != "{truncated" {
		t.Error("the corrupt state file was overwritten")
	}
}
