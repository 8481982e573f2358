package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/zcrmrun/zcrmrun/internal/syncbuf"
)

// TestSandboxBeyondLoopbackNeedsAllowRemoteAndAnAdminSecret: an --addr
// other machines can reach is refused without --allow-remote; with it the
// sandbox warns, prints an admin_secret once in the --json line, and its
// control endpoints refuse requests without it. Under --tls the
// certificate is valid for the wildcard address the URL names.
func TestSandboxBeyondLoopbackNeedsAllowRemoteAndAnAdminSecret(t *testing.T) {
	// Cancelled at once, so a sandbox that wrongly starts also ends.
	refused, stop := context.WithCancel(t.Context())
	stop()
	for _, addr := range []string{"0.0.0.0:0", "[::]:0", ":0", "192.0.2.1:0"} {
		var stderr bytes.Buffer
		code := (&cli{stdout: io.Discard, stderr: &stderr}).main(refused, []string{"sandbox", "--addr", addr})
		if code != exitUsage || !strings.Contains(stderr.String(), "--allow-remote") {
			t.Errorf("sandbox --addr %s: exit %d, %q; want exit 2 asking for --allow-remote", addr, code, stderr.String())
		}
	}

	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	stderr := &syncbuf.Buffer{}
	done := make(chan int, 1)
	go func() {
		done <- (&cli{stdout: pw, stderr: stderr}).main(ctx, []string{"sandbox", "--json", "--tls", "--leads", "10", "--addr", "0.0.0.0:0", "--allow-remote"})
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no --json line: %v; stderr %s", err, stderr.String())
	}
	go io.Copy(io.Discard, pr)
	defer func() {
		cancel()
		<-done
	}()
	var info map[string]string
	if err := json.Unmarshal([]byte(line), &info); err != nil {
		t.Fatalf("first line is not JSON: %q", line)
	}
	// Go names a 0.0.0.0 listener [::] on a dual-stack host.
	wildcard := strings.HasPrefix(info["api_url"], "https://0.0.0.0:") || strings.HasPrefix(info["api_url"], "https://[::]:")
	if len(info["admin_secret"]) < 32 || !wildcard {
		t.Fatalf("api_url %q, admin_secret of %d characters: want a wildcard https URL and a secret", info["api_url"], len(info["admin_secret"]))
	}
	if w := stderr.String(); !strings.Contains(w, "warning") || strings.Contains(w, info["admin_secret"]) {
		t.Errorf("stderr %q: want a warning, without the secret", w)
	}
	ca, err := os.ReadFile(info["ca_cert"])
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(ca)
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}}
	post := func(secret string) int {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, info["api_url"]+"/crmsim/v1/self-client", nil)
		if secret != "" {
			req.Header.Set("X-Crmsim-Admin", secret)
		}
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatalf("POST %s (the certificate must name the bound address): %v", info["api_url"], err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if status := post(""); status != http.StatusUnauthorized {
		t.Errorf("self-client without the secret: HTTP %d, want 401", status)
	}
	if status := post(info["admin_secret"]); status != http.StatusOK {
		t.Errorf("self-client with the secret: HTTP %d, want 200", status)
	}
}
