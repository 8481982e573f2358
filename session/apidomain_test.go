package session_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zcrmrun/zcrmrun/config"
	"github.com/zcrmrun/zcrmrun/crmsim"
	"github.com/zcrmrun/zcrmrun/session"
	"github.com/zcrmrun/zcrmrun/tokenstore"
)

// headerRecorder is a real listener noting the Authorization header of
// every request it gets.
type headerRecorder struct {
	mu   sync.Mutex
	auth []string
}

func (h *headerRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	h.auth = append(h.auth, r.Header.Get("Authorization"))
	h.mu.Unlock()
	w.Write([]byte(`{"data":[],"info":{"more_records":false}}`))
}

// A token file whose api_domain was edited to another listener on loopback
// sent that listener the access token (issue 13 point 21). Only Zoho's API
// domains over https get Zoho's tokens now, and loopback only an
// emulator's; the listener sees nothing.
func TestEditedAPIDomainGetsNoAccessToken(t *testing.T) {
	rec := &headerRecorder{}
	thief := httptest.NewServer(rec)
	defer thief.Close()
	srv := startEmulator(t, crmsim.Options{})
	path := filepath.Join(t.TempDir(), "tokens", "tokens.json")

	// A store as the emulator left it: its api_domain is its own origin.
	cfg := newConfig(t, srv, config.TokenStore{Kind: "file", Path: path})
	s := session.New(cfg, "")
	grant(t, srv, cfg, s)
	if err := listOne(t, s); err != nil {
		t.Fatalf("the emulator's own api_domain: %v", err)
	}
	s.Close()

	// Tokens from Zoho's accounts server (the access token is fresh, so
	// nothing is sent there) never go to loopback, http or another host;
	// an emulator's never to http or another host.
	for _, c := range []struct{ domain, accounts string }{
		{thief.URL, "https://accounts.zoho.com"},
		{"https://" + thief.Listener.Addr().String(), "https://accounts.zoho.eu"},
		{"http://www.zohoapis.com", "https://accounts.zoho.com"},
		{"http://www.zohoapis.com", srv.URL()},
		{"https://www.zohoapis.com.evil.example", srv.URL()},
	} {
		edit(t, path, cfg.API.User, c.domain)
		edited := *cfg
		edited.OAuth.AccountsURL = c.accounts
		s := session.New(&edited, "")
		err := listOne(t, s)
		s.Close()
		if err == nil || !strings.Contains(err.Error(), "so the access token is not sent there") || !strings.Contains(err.Error(), c.domain) {
			t.Errorf("api_domain %s with accounts at %s: %v", c.domain, c.accounts, err)
		}
	}
	if len(rec.auth) != 0 {
		t.Fatalf("the listener got %d requests (Authorization %q)", len(rec.auth), rec.auth)
	}
}

// edit rewrites the api_domain of user's tokens in the token file, with a
// fresh expiry so that no refresh puts Zoho's answer back.
func edit(t *testing.T, path, user, domain string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Users map[string]map[string]any `json:"users"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	f.Users[user]["api_domain"] = domain
	f.Users[user]["expiry_time"] = time.Now().Add(time.Hour).UnixMilli()
	if b, err = json.Marshal(f); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := tokenstore.NewFile(path).Load(context.Background(), user); err != nil {
		t.Fatal(err)
	}
}
