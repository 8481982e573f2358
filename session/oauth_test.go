package session_test

import (
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zcrmrun/zcrmrun/config"
	"github.com/zcrmrun/zcrmrun/crm"
	"github.com/zcrmrun/zcrmrun/crmsim"
	"github.com/zcrmrun/zcrmrun/oauth"
	"github.com/zcrmrun/zcrmrun/session"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
	// step is added after every reading, so each emulator check sees a
	// later time than the mint before it.
	step time.Duration
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.t
	c.t = c.t.Add(c.step)
	return t
}

func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// world is an emulator with a registered client and a config file that
// points at it, with tokens in a file store of its own.
type world struct {
	srv   *crmsim.Server
	url   string
	clock *clock
	cfg   *config.Config
	oauth *oauth.Client
}

func newWorld(t testing.TB, opts crmsim.Options, extra string) *world {
	t.Helper()
	w := &world{clock: &clock{t: time.Now()}}
	if opts.Now == nil {
		opts.Now = w.clock.Now
	}
	w.srv = crmsim.New(opts)
	w.srv.Seed(crmsim.SeedCounts{Leads: 5})
	if err := w.srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.srv.Close() })
	w.url = w.srv.URL()
	id, secret := w.srv.RegisterClient()
	w.oauth = &oauth.Client{AccountsURL: w.url, ClientID: id, ClientSecret: secret}
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	text := "[oauth]\nclient_id = \"" + id + "\"\nclient_secret = \"" + secret + "\"\naccounts_url = \"" + w.url + "\"\n" +
		"[tokenstore]\nkind = \"file\"\npath = \"" + filepath.Join(dir, "tokens.json") + "\"\n" + extra
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	w.cfg = cfg
	return w
}

// authorised returns a session for user holding a fresh grant.
func (w *world) authorised(t testing.TB, user, crmUser string) *session.Session {
	t.Helper()
	code, err := w.srv.GrantCode(w.oauth.ClientID, crmUser, "")
	if err != nil {
		t.Fatal(err)
	}
	s := session.New(w.cfg, user)
	if err := s.Grant(t.Context(), code); err != nil {
		t.Fatal(err)
	}
	return s
}

func listOne(t *testing.T, s *session.Session) error {
	t.Helper()
	_, _, err := s.CRM().ListRecords(t.Context(), "Leads", crm.ListOptions{PerPage: 1})
	return err
}

// listRenewed lists through a token the API will refuse, and checks the
// call succeeded after exactly one refusal and one refresh.
func (w *world) listRenewed(t *testing.T, s *session.Session, through string) {
	t.Helper()
	before := w.srv.Stats()
	if err := listOne(t, s); err != nil {
		t.Fatalf("call through %s: %v", through, err)
	}
	after := w.srv.Stats()
	if after.APICallsRejected-before.APICallsRejected != 1 || after.Refreshes-before.Refreshes != 1 {
		t.Errorf("through %s: rejected %d calls and refreshed %d times, want 1 and 1", through,
			after.APICallsRejected-before.APICallsRejected, after.Refreshes-before.Refreshes)
	}
}

func TestExpiredTokenIsRenewedOnceAndTheCallRetried(t *testing.T) {
	w := newWorld(t, crmsim.Options{}, "")
	s := w.authorised(t, "u", "")
	if err := listOne(t, s); err != nil {
		t.Fatal(err)
	}
	// The emulator's clock passes the hour; the client's still trusts its token.
	w.clock.Advance(2 * time.Hour)
	w.listRenewed(t, s, "an expired token")
}

func TestEvictedTokenIsRenewedOnceAndTheCallRetried(t *testing.T) {
	w := newWorld(t, crmsim.Options{NoMintLimit: true}, "")
	s := w.authorised(t, "u", "")
	store, err := s.Store()
	if err != nil {
		t.Fatal(err)
	}
	tok, err := store.Load(t.Context(), "u")
	if err != nil {
		t.Fatal(err)
	}
	// Fifteen other mints from the same refresh token, as an uncoordinated
	// client would make: the session's token is the oldest and dies.
	for i := 0; i < 15; i++ {
		if _, err := w.oauth.Refresh(t.Context(), tok.RefreshToken); err != nil {
			t.Fatal(err)
		}
	}
	if n := w.srv.Stats().TokensEvicted; n != 1 {
		t.Fatalf("TokensEvicted = %d, want 1", n)
	}
	w.listRenewed(t, s, "an evicted token")
}

func TestInvalidTokenIsRetriedExactlyOnce(t *testing.T) {
	w := newWorld(t, crmsim.Options{}, "")
	s := w.authorised(t, "u", "")
	// From now on every reading of the emulator's clock is two hours after
	// the last, so every token is dead by the time it is used.
	w.clock.mu.Lock()
	w.clock.step = 2 * time.Hour
	w.clock.mu.Unlock()
	w.clock.Advance(2 * time.Hour)
	before := w.srv.Stats()
	err := listOne(t, s)
	var ce *crm.Error
	if !errors.As(err, &ce) || ce.Code != "INVALID_TOKEN" {
		t.Fatalf("err = %v, want INVALID_TOKEN", err)
	}
	if n := w.srv.Stats().APICallsRejected - before.APICallsRejected; n != 2 {
		t.Errorf("the API saw %d attempts, want 2 (one try, one retry)", n)
	}
}

func TestRefreshMarginFromConfig(t *testing.T) {
	// A 50-minute margin makes a one-hour token due after ten minutes.
	w := newWorld(t, crmsim.Options{}, "")
	w.cfg.OAuth.RefreshMargin = "50m"
	s := w.authorised(t, "u", "")
	src, err := s.TokenSource()
	if err != nil {
		t.Fatal(err)
	}
	if src.Margin != 50*time.Minute {
		t.Errorf("Margin = %v, want 50m", src.Margin)
	}
	now := time.Now()
	src.Now = func() time.Time { return now.Add(11 * time.Minute) }
	before := w.srv.Stats().Refreshes
	if err := listOne(t, s); err != nil {
		t.Fatal(err)
	}
	if n := w.srv.Stats().Refreshes - before; n != 1 {
		t.Errorf("refreshes inside the margin = %d, want 1", n)
	}
}

// countingHandler counts the CRM calls one listener serves.
type countingHandler struct {
	next http.Handler
	crm  atomic.Int32
}

func (h *countingHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if len(r.URL.Path) > 5 && r.URL.Path[:5] == "/crm/" {
		h.crm.Add(1)
	}
	h.next.ServeHTTP(w, r)
}

func listen(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

func serve(t *testing.T, ln net.Listener, h http.Handler) {
	hs := &http.Server{Handler: h}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
}

func TestAPICallsGoToTheTokensAPIDomainUnlessPinned(t *testing.T) {
	// One emulator behind two hosts: the accounts host and the API host
	// its token replies name, as in a real data centre.
	accountsLn, apiLn := listen(t), listen(t)
	accountsURL, apiURL := "http://"+accountsLn.Addr().String(), "http://"+apiLn.Addr().String()
	srv := crmsim.New(crmsim.Options{APIDomain: apiURL})
	srv.Seed(crmsim.SeedCounts{Leads: 2})
	accountsHost := &countingHandler{next: srv.Handler()}
	apiHost := &countingHandler{next: srv.Handler()}
	serve(t, accountsLn, accountsHost)
	serve(t, apiLn, apiHost)
	id, secret := srv.RegisterClient()
	for _, pinned := range []bool{false, true} {
		cfg := config.Empty()
		cfg.OAuth = config.OAuth{ClientID: id, ClientSecret: secret, AccountsURL: accountsURL}
		cfg.TokenStore.Kind = "memory"
		if pinned {
			cfg.API.URL = accountsURL
		}
		code, _ := srv.GrantCode(id, "", "")
		s := session.New(cfg, "u")
		if err := s.Grant(t.Context(), code); err != nil {
			t.Fatal(err)
		}
		a0, p0 := accountsHost.crm.Load(), apiHost.crm.Load()
		if err := listOne(t, s); err != nil {
			t.Fatalf("pinned=%v: %v", pinned, err)
		}
		toAccounts, toAPI := accountsHost.crm.Load()-a0, apiHost.crm.Load()-p0
		if pinned && (toAccounts != 1 || toAPI != 0) || !pinned && (toAccounts != 0 || toAPI != 1) {
			t.Errorf("pinned=%v: CRM calls to the accounts host %d, to the api_domain host %d", pinned, toAccounts, toAPI)
		}
	}
}

func TestTwoUsersInterleavedNeverMixTokens(t *testing.T) {
	w := newWorld(t, crmsim.Options{}, "")
	admin := w.authorised(t, "admin", "")
	w.authorised(t, "ravi", "ravi@zylker.example")
	ravi := admin.As("ravi")
	if admin.As("ravi") != ravi || ravi.As("admin") != admin || ravi.UserID() != "ravi" {
		t.Fatal("As does not hand out one session per user")
	}
	before := w.srv.Stats().APICallsByUser
	var wg sync.WaitGroup
	for i := 0; i < 30; i++ {
		s := admin
		if i%3 == 0 {
			s = ravi
		}
		wg.Go(func() {
			if err := listOne(t, s); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	after := w.srv.Stats().APICallsByUser
	if a, r := after["admin@zylker.example"]-before["admin@zylker.example"], after["ravi@zylker.example"]-before["ravi@zylker.example"]; a != 20 || r != 10 {
		t.Errorf("the emulator saw %d calls with admin's tokens and %d with ravi's, want 20 and 10", a, r)
	}
}

// A run's meter counts the access tokens its sessions refresh, and only
// those: a grant is not a refresh.
func TestMeterCountsTokenRefreshes(t *testing.T) {
	w := newWorld(t, crmsim.Options{}, "")
	w.authorised(t, "u", "")
	m := crm.NewMeter(0)
	s := session.New(w.cfg, "u", session.WithMeter(m))
	if err := listOne(t, s); err != nil {
		t.Fatal(err)
	}
	if n := m.Stats().Refreshes; n != 0 {
		t.Fatalf("%d refreshes counted with a valid token", n)
	}
	w.clock.Advance(2 * time.Hour)
	w.listRenewed(t, s, "an expired token")
	if st := m.Stats(); st.Refreshes != 1 || st.Calls != 2 {
		t.Fatalf("meter %+v, want 1 refresh in 2 calls", st)
	}
}
