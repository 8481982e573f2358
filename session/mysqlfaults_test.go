package session_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/zcrmrun/zcrmrun/config"
	"github.com/zcrmrun/zcrmrun/crm"
	"github.com/zcrmrun/zcrmrun/crmsim"
	"github.com/zcrmrun/zcrmrun/session"
	"github.com/zcrmrun/zcrmrun/tokenstore"
	"github.com/zcrmrun/zcrmrun/tokenstore/mysqltest"
)

// TestMySQLDropsDuringRefreshesLoseNoToken: forty runs, each with an
// expired access token, refresh through crmsim's TCP proxy in front of
// the MySQL token store while it resets connections at a rate (seed 3):
// before a query reaches MariaDB, or after MariaDB did it and before the
// reply arrives. After every run the store still holds the granted
// refresh token and an access token Zoho Accounts minted whole; every
// failed run says which server (host:port) failed and shows no secret;
// runs after failures succeed again, and so does the run once the faults
// stop.
func TestMySQLDropsDuringRefreshesLoseNoToken(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute) // a safety net, not an assertion
	defer cancel()
	direct := mysqltest.DSN(t)
	dsn, err := mysql.ParseDSN(direct)
	if err != nil {
		t.Fatal(err)
	}
	db := mysqltest.NewProxy(t, dsn.Addr)
	dsn.Addr = db.Addr()
	// Zoho mints at most 10 access tokens per refresh token in 10 minutes:
	// each run is two minutes apart on the emulator's clock.
	clock := crmsim.NewClock(time.Now())
	srv := startEmulator(t, crmsim.Options{Now: clock.Now})

	// Zoho Accounts behind a front that notes every access token minted.
	var mu sync.Mutex
	minted := map[string]bool{}
	target, _ := url.Parse(srv.URL())
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.ModifyResponse = func(r *http.Response) error {
		b, err := io.ReadAll(r.Body)
		r.Body.Close()
		r.Body = io.NopCloser(bytes.NewReader(b))
		var g struct {
			AccessToken string `json:"access_token"`
		}
		if json.Unmarshal(b, &g) == nil && g.AccessToken != "" {
			mu.Lock()
			minted[g.AccessToken] = true
			mu.Unlock()
		}
		return err
	}
	ln := listen(t)
	serve(t, ln, rp)

	cfg := newConfig(t, srv, config.TokenStore{Kind: "mysql", DSN: dsn.FormatDSN(), Table: "oauthtokens"})
	cfg.OAuth.AccountsURL = "http://" + ln.Addr().String()
	grant(t, srv, cfg, session.New(cfg, ""))
	// Beside the proxy: what the runs left, seen as MariaDB keeps it.
	store, err := tokenstore.NewMySQL(direct, "oauthtokens")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	user := cfg.API.User
	granted, err := store.Load(ctx, user)
	if err != nil {
		t.Fatal(err)
	}

	db.Inject(crmsim.TCPFaults{Seed: 3, Drop: 0.02})
	run := func() error {
		clock.Advance(2 * time.Minute)
		tok, err := store.Load(ctx, user)
		if err != nil {
			t.Fatal(err)
		}
		tok.Expiry = time.Now().Add(-time.Minute) // the run must refresh
		if err := store.Save(ctx, tok); err != nil {
			t.Fatal(err)
		}
		sess := session.New(cfg, "")
		_, _, err = sess.CRM().ListRecords(ctx, "Leads", crm.ListOptions{PerPage: 1})
		if src, _ := sess.TokenSource(); src != nil {
			src.Store.(io.Closer).Close() // its pool, lest forty runs exhaust the server's connections
		}
		return err
	}
	const runs = 40
	failed, recovered, unseen := 0, 0, 0
	for i := range runs {
		before, _ := store.Load(ctx, user)
		runErr := run()
		mu.Lock()
		secrets := []string{dsn.Passwd, granted.RefreshToken, cfg.OAuth.ClientSecret}
		for tok := range minted {
			secrets = append(secrets, tok)
		}
		mu.Unlock()
		if runErr != nil {
			failed++
			msg := runErr.Error()
			t.Logf("run %d: %s", i+1, msg)
			if !strings.Contains(msg, "mysql token store at "+db.Addr()) {
				t.Errorf("run %d failed without naming the server %s: %v", i+1, db.Addr(), runErr)
			}
			for _, s := range secrets {
				if strings.Contains(msg, s) {
					t.Fatalf("run %d: error %q shows a secret", i+1, msg)
				}
			}
		} else if failed > recovered {
			recovered = failed // a run after a failure worked
		}
		got, err := store.Load(ctx, user)
		if err != nil {
			t.Fatalf("after run %d: %v", i+1, err)
		}
		mu.Lock()
		whole := minted[got.AccessToken] || got.AccessToken == granted.AccessToken
		mu.Unlock()
		if runErr != nil && got.AccessToken != before.AccessToken {
			unseen++ // the save committed, its reply was lost
		}
		if got.RefreshToken != granted.RefreshToken || !whole {
			t.Fatalf("after run %d (%v) the store holds refresh token kept: %v, an access token Zoho minted: %v",
				i+1, runErr, got.RefreshToken == granted.RefreshToken, whole)
		}
	}
	st := db.Stats()
	t.Logf("%d of %d runs failed (%d after their save committed); proxy %+v", failed, runs, unseen, st)
	if failed == 0 || failed == runs || recovered == 0 || st.Dropped < failed {
		t.Fatalf("%d of %d runs failed, %d recovered, proxy %+v: the faults prove nothing", failed, runs, recovered, st)
	}

	db.Inject(crmsim.TCPFaults{})
	if err := run(); err != nil {
		t.Fatalf("once MySQL is steady: %v", err)
	}
	got, err := store.Load(ctx, user)
	if err != nil || got.RefreshToken != granted.RefreshToken || !got.Expiry.After(time.Now()) {
		t.Fatalf("once MySQL is steady the store holds %v (refresh token kept: %v), %v", got.Expiry, got.RefreshToken == granted.RefreshToken, err)
	}
}
