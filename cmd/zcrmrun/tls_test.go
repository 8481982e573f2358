package main

import (
	"crypto/tls"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// zcrmrun itself trusts `zcrmrun sandbox --tls` through [api] ca_file or
// --ca-file, and without either fails naming the certificate.
func TestCAFileTrustsTheTLSSandbox(t *testing.T) {
	dir := t.TempDir()
	topLeads, err := filepath.Abs("../../scripts/top_leads.lua")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	info, _ := runSandbox(t, "--tls", "--state", "crm.json") // a relative --state
	if !filepath.IsAbs(info.CACert) || filepath.Dir(info.CACert) != filepath.Join(dir, "crm-tls") {
		t.Fatalf("ca_cert %q, want an absolute path in %s", info.CACert, filepath.Join(dir, "crm-tls"))
	}
	base := `[oauth]
client_id = "` + info.ClientID + `"
client_secret = "` + info.ClientSecret + `"
accounts_url = "` + info.AccountsURL + `"
[tokenstore]
kind = "file"
path = "tokens.json"
[api]
user = "ops@zylker.example"
`
	cfg := writeFile(t, dir, "config.toml", base)
	_, errOut, code := runCLI(t, "auth", "import", "--config", cfg, "--refresh-token", info.RefreshToken)
	if code != exitScript || !strings.Contains(errOut, "certificate") || !strings.Contains(errOut, "ca_file") {
		t.Errorf("without a CA file: exit %d, stderr:\n%s", code, errOut)
	}
	if _, errOut, code = runCLI(t, "auth", "import", "--config", cfg, "--ca-file", info.CACert, "--refresh-token", info.RefreshToken); code != exitOK {
		t.Fatalf("auth import --ca-file: exit %d: %s", code, errOut)
	}
	if _, errOut, code = runCLI(t, "run", "--config", cfg, topLeads); code != exitScript || !strings.Contains(errOut, "ca_file") {
		t.Errorf("run without a CA file: exit %d: %s", code, errOut)
	}
	// ca_file is relative to the config file, like the other paths there.
	withCA := writeFile(t, dir, "ca.toml", base+"ca_file = \"crm-tls/crmsim-ca.pem\"\n")
	out, errOut, code := runCLI(t, "run", "--config", withCA, topLeads, "2")
	if code != exitOK || len(lines(out)) != 2 {
		t.Errorf("run with [api] ca_file: exit %d, stdout %q, stderr:\n%s", code, out, errOut)
	}

	// A CA file that is not there or holds no certificate is a config error.
	bad := writeFile(t, dir, "bad.toml", base+"ca_file = \"config.toml\"\n")
	if _, errOut, code = runCLI(t, "run", "--config", bad, topLeads); code != exitUsage ||
		!strings.Contains(errOut, "bad.toml:10: api.ca_file "+filepath.Join(dir, "config.toml")+" holds no PEM certificate") {
		t.Errorf("bad ca_file: exit %d: %s", code, errOut)
	}
	if _, errOut, code = runCLI(t, "auth", "import", "--config", cfg, "--ca-file", "missing.pem", "--refresh-token", "1000.x"); code != exitUsage ||
		!strings.Contains(errOut, "--ca-file missing.pem: no such file or directory") {
		t.Errorf("missing --ca-file: exit %d: %s", code, errOut)
	}
}

// run --sandbox --tls rehearses over HTTPS, trusting the emulator's CA.
func TestSandboxRunOverTLS(t *testing.T) {
	out, errOut, code := runCLI(t, "run", "--sandbox", "--tls", "--log-level", "debug", "../../scripts/top_leads.lua", "1")
	if code != exitOK || len(lines(out)) != 1 || !strings.Contains(errOut, "https") && !strings.Contains(errOut, "127.0.0.1") {
		t.Errorf("exit %d, stdout %q, stderr:\n%s", code, out, errOut)
	}
}

// signalWriter collects what is written and closes seen once it holds want.
type signalWriter struct {
	mu   sync.Mutex
	buf  strings.Builder
	want string
	seen chan struct{}
	once sync.Once
}

func (w *signalWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if strings.Contains(w.buf.String(), w.want) {
		w.once.Do(func() { close(w.seen) })
	}
	return len(p), nil
}

func (w *signalWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// A client refusing the sandbox's certificate makes net/http complain;
// that goes through slog at debug level, not raw onto stderr.
func TestSandboxLogsTLSHandshakeErrorsAtDebug(t *testing.T) {
	for _, level := range []string{"debug", "warn"} {
		w := &signalWriter{want: "TLS handshake error", seen: make(chan struct{})}
		info, stop := runSandboxLogging(t, w, "--tls", "--log-level", level)
		host := strings.TrimPrefix(info.APIURL, "https://")
		if _, err := tls.Dial("tcp", host, &tls.Config{MinVersion: tls.VersionTLS12}); err == nil {
			t.Fatal("the handshake succeeded without trusting the CA")
		}
		if level == "debug" {
			select {
			case <-w.seen:
			case <-time.After(10 * time.Second):
				t.Fatalf("no handshake error logged at debug level: %q", w.String())
			}
		}
		stop()
		for _, l := range lines(w.String()) {
			if strings.Contains(l, "TLS handshake error") && (level != "debug" || !strings.HasPrefix(l, "time=") || !strings.Contains(l, "level=DEBUG")) {
				t.Errorf("--log-level %s: stderr line %q is not a debug slog record", level, l)
			}
		}
	}
}
