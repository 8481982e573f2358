package crmsim

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func startTLS(t *testing.T, dir string) *Server {
	t.Helper()
	srv := New(Options{})
	srv.Seed(smallSeed)
	if err := srv.StartTLS("127.0.0.1:0", dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// trusting is a client that trusts only the CA in caFile.
func trusting(t *testing.T, caFile string) *http.Client {
	t.Helper()
	b, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(b) {
		t.Fatalf("%s holds no certificate", caFile)
	}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}}
}

func TestStartTLSServesLoopbackWithATrustableCA(t *testing.T) {
	dir := t.TempDir()
	srv := startTLS(t, dir)
	if !strings.HasPrefix(srv.URL(), "https://127.0.0.1:") {
		t.Fatalf("URL %q", srv.URL())
	}
	if srv.CACertFile() != filepath.Join(dir, CACertFileName) {
		t.Fatalf("CACertFile %q", srv.CACertFile())
	}
	hc := trusting(t, srv.CACertFile())
	port := srv.URL()[strings.LastIndex(srv.URL(), ":"):]
	for _, base := range []string{srv.URL(), "https://localhost" + port} {
		resp, err := hc.Get(base + "/crmsim/v1/stats")
		if err != nil {
			t.Fatalf("%s: %v", base, err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: HTTP %d", base, resp.StatusCode)
		}
	}
	// The whole OAuth flow works over TLS, and api_domain says https.
	tok := exchange(t, hc, srv)
	if tok["api_domain"] != srv.URL() {
		t.Errorf("api_domain %q, want %q", tok["api_domain"], srv.URL())
	}
	// A client that does not trust the CA is refused.
	_, err := http.Get(srv.URL() + "/crmsim/v1/stats")
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		t.Errorf("an untrusting client got %v, want x509.UnknownAuthorityError", err)
	}
	if info, err := os.Stat(filepath.Join(dir, caKeyFileName)); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("CA key file: %v mode %v, want 0600", err, info.Mode().Perm())
	}
}

// A restart with the same directory keeps the CA, so clients configured
// with the CA file keep trusting the emulator.
func TestStartTLSReusesTheCA(t *testing.T) {
	dir := t.TempDir()
	first := startTLS(t, dir)
	before, _ := os.ReadFile(first.CACertFile())
	hc := trusting(t, first.CACertFile())
	first.Close()

	second := startTLS(t, dir)
	after, _ := os.ReadFile(second.CACertFile())
	if !bytes.Equal(before, after) {
		t.Fatal("the CA file changed across restarts")
	}
	resp, err := hc.Get(second.URL() + "/crmsim/v1/stats")
	if err != nil {
		t.Fatalf("a client trusting the first CA file cannot reach the restarted emulator: %v", err)
	}
	resp.Body.Close()
}

func TestStartTLSRefusesADamagedCA(t *testing.T) {
	dir := t.TempDir()
	startTLS(t, dir).Close()
	bad := filepath.Join(dir, CACertFileName)
	if err := os.WriteFile(bad, []byte("not a certificate"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := New(Options{}).StartTLS("127.0.0.1:0", dir)
	if err == nil || !strings.Contains(err.Error(), bad) {
		t.Fatalf("StartTLS with a damaged CA: %v, want an error naming %s", err, bad)
	}
}

// TestStartTLSCertifiesTheAddressBound: bound to a wildcard address, the
// certificate names that address too, so a client dialling the URL the
// server reports verifies it ("valid for 127.0.0.1, ::1, not ::" before).
func TestStartTLSCertifiesTheAddressBound(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", "[::]:0"} {
		t.Run(addr, func(t *testing.T) {
			srv := New(Options{})
			if err := srv.StartTLS(addr, t.TempDir()); err != nil {
				if strings.Contains(err.Error(), "address") {
					t.Skipf("cannot listen on %s here: %v", addr, err)
				}
				t.Fatal(err)
			}
			defer srv.Close()
			resp, err := trusting(t, srv.CACertFile()).Get(srv.URL() + "/crmsim/v1/stats")
			if err != nil {
				t.Fatalf("GET %s: %v", srv.URL(), err)
			}
			resp.Body.Close()
		})
	}
}

// TestAdminSecretGuardsTheControlEndpoints: with Options.AdminSecret set
// (a sandbox beyond loopback), minting clients and grant codes and reading
// the counters need the secret; the Console sends it.
func TestAdminSecretGuardsTheControlEndpoints(t *testing.T) {
	srv := New(Options{AdminSecret: "open-sesame"})
	srv.Seed(smallSeed)
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	for _, secret := range []string{"", "wrong"} {
		for _, ep := range []struct{ method, path string }{{"POST", "/crmsim/v1/self-client"}, {"POST", "/crmsim/v1/grant-code"}, {"GET", "/crmsim/v1/stats"}, {"GET", "/crmsim/v1/usage"}} {
			req, _ := http.NewRequest(ep.method, srv.URL()+ep.path, strings.NewReader(`{}`))
			if secret != "" {
				req.Header.Set(AdminHeader, secret)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("%s %s with secret %q: HTTP %d, want 401", ep.method, ep.path, secret, resp.StatusCode)
			}
		}
	}
	if _, err := (Console{URL: srv.URL()}).AccessToken(t.Context(), ""); err == nil {
		t.Error("a console without the secret got an access token")
	}
	if _, err := (Console{URL: srv.URL(), AdminSecret: "open-sesame"}).AccessToken(t.Context(), ""); err != nil {
		t.Errorf("a console with the secret: %v", err)
	}
}
