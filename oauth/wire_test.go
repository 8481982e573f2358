package oauth_test

import (
	"net"
	"net/http"
	"sync"
	"testing"

	"github.com/zcrmrun/zcrmrun/crmsim"
	"github.com/zcrmrun/zcrmrun/oauth"
)

// TestSecretsTravelInPostBodies records every request the client makes to
// Zoho Accounts and checks that none carries anything in its URL.
func TestSecretsTravelInPostBodies(t *testing.T) {
	srv := crmsim.New(crmsim.Options{})
	srv.Seed(crmsim.SeedCounts{Leads: 1})
	var mu sync.Mutex
	var seen []string
	h := srv.Handler()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		line := r.Method + " " + r.URL.Path
		if r.URL.RawQuery != "" {
			line += " with a query string" // not echoed: it would hold the secrets
		}
		seen = append(seen, line)
		mu.Unlock()
		h.ServeHTTP(w, r)
	})}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })

	id, secret := srv.RegisterClient()
	c := &oauth.Client{AccountsURL: "http://" + ln.Addr().String(), ClientID: id, ClientSecret: secret}
	code, _ := srv.GrantCode(id, "", "")
	g, err := c.ExchangeCode(t.Context(), code)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Refresh(t.Context(), g.RefreshToken); err != nil {
		t.Fatal(err)
	}
	if err := c.Revoke(t.Context(), g.RefreshToken); err != nil {
		t.Fatal(err)
	}
	want := []string{"POST /oauth/v2/token", "POST /oauth/v2/token", "POST /oauth/v2/token/revoke"}
	if len(seen) != len(want) {
		t.Fatalf("requests: %q, want %q", seen, want)
	}
	for i := range want {
		if seen[i] != want[i] {
			t.Errorf("request %d: %q, want %q (no query string)", i, seen[i], want[i])
		}
	}
}
