package session_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/zcrmrun/zcrmrun/config"
	"github.com/zcrmrun/zcrmrun/crm"
	"github.com/zcrmrun/zcrmrun/crmsim"
	"github.com/zcrmrun/zcrmrun/session"
	"github.com/zcrmrun/zcrmrun/tokenstore/mysqltest"
)

// TestMySQLGoingAwayDuringRefreshLosesNoToken: the MySQL token store goes
// away while a refresh is at Zoho Accounts (its connections are cut the
// moment the token request arrives). The run fails with an error naming
// the server, never the password or a token; the stored refresh token is
// untouched; and the next run, with MySQL back, refreshes and goes on.
func TestMySQLGoingAwayDuringRefreshLosesNoToken(t *testing.T) {
	ctx := context.Background()
	dsn, err := mysql.ParseDSN(mysqltest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	db := mysqltest.NewProxy(t, dsn.Addr)
	dsn.Addr = db.Addr()
	srv := startEmulator(t, crmsim.Options{})

	// Zoho Accounts, behind a front that takes MySQL down as a refresh
	// arrives: the store's lock and connections are gone mid-refresh.
	var cut atomic.Bool
	target, _ := url.Parse(srv.URL())
	rp := httputil.NewSingleHostReverseProxy(target)
	ln := listen(t)
	serve(t, ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth/v2/token" && cut.Load() {
			db.Down()
		}
		rp.ServeHTTP(w, r)
	}))
	frontURL := "http://" + ln.Addr().String()

	cfg := newConfig(t, srv, config.TokenStore{Kind: "mysql", DSN: dsn.FormatDSN(), Table: "oauthtokens"})
	cfg.OAuth.AccountsURL = frontURL
	grant(t, srv, cfg, session.New(cfg, ""))
	store, err := session.OpenStore(cfg)
	if err != nil {
		t.Fatal(err)
	}
	user := cfg.API.User
	before, err := store.Load(ctx, user)
	if err != nil {
		t.Fatal(err)
	}
	before.Expiry = time.Now().Add(-time.Minute) // the next call must refresh
	if err := store.Save(ctx, before); err != nil {
		t.Fatal(err)
	}

	cut.Store(true)
	_, _, err = session.New(cfg, "").CRM().ListRecords(ctx, "Leads", crm.ListOptions{PerPage: 1})
	if err == nil {
		t.Fatal("the run went on although the store could not keep the refreshed token")
	}
	msg := err.Error()
	for _, secret := range []string{dsn.Passwd, before.RefreshToken, before.AccessToken, cfg.OAuth.ClientSecret} {
		if strings.Contains(msg, secret) {
			t.Fatalf("error %q shows a secret", msg)
		}
	}
	t.Logf("with MySQL gone mid-refresh: %v", err)

	cut.Store(false)
	db.Up()
	recs, _, err := session.New(cfg, "").CRM().ListRecords(ctx, "Leads", crm.ListOptions{PerPage: 1})
	if err != nil || len(recs) != 1 {
		t.Fatalf("the next run, MySQL back: %d records, %v", len(recs), err)
	}
	after, err := store.Load(ctx, user)
	if err != nil {
		t.Fatal(err)
	}
	if after.RefreshToken != before.RefreshToken || after.AccessToken == before.AccessToken || !after.Expiry.After(time.Now()) {
		t.Fatalf("after recovery the store holds refresh %q (was %q), a new access token: %v", after.RefreshToken, before.RefreshToken, after.AccessToken != before.AccessToken)
	}
}

// TestAPITimeoutEndsHungCalls: with [api] timeout, a CRM call the server
// never answers ends with the timeout long before the run's own deadline,
// and a create that hung is reported as an unknown outcome, not resent.
func TestAPITimeoutEndsHungCalls(t *testing.T) {
	srv := startEmulator(t, crmsim.Options{})
	cfg := newConfig(t, srv, storeConfig(t, "memory"))
	cfg.API.Timeout = "200ms"
	sess := session.New(cfg, "")
	grant(t, srv, cfg, sess)
	srv.InjectFaults(crmsim.Faults{Every: 1, Kinds: []crmsim.Fault{crmsim.FaultHang}})
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	_, err := sess.CRM().InsertRecords(ctx, "Leads", []crm.Record{{"Last_Name": "hung"}}, crm.WriteOptions{})
	var unknown *crm.OutcomeUnknownError
	if !errors.As(err, &unknown) {
		t.Fatalf("hung create: %v, want an unknown outcome", err)
	}
	if ctx.Err() != nil {
		t.Fatal("the call ended with the run's deadline, not [api] timeout")
	}
	if n := srv.InjectedFaults()[crmsim.FaultHang]; n != 1 {
		t.Errorf("the create was sent %d times, want once", n)
	}
}

// TestSandboxAbandonsHungCallsAtAPITimeout: a sandbox session keeps to
// the request timeout it is given ([api] timeout, or run --faults' 5s), as
// a session against an external emulator does: a hung create becomes an
// unknown outcome, a hung read's attempt is abandoned and retried,
// and each abandoned attempt is a warn-level line naming the timeout.
func TestSandboxAbandonsHungCallsAtAPITimeout(t *testing.T) {
	const timeout = 100 * time.Millisecond
	sb, err := session.StartSandboxWith(t.Context(), session.SandboxOptions{RequestTimeout: timeout, Seed: &crmsim.SeedCounts{Leads: 3},
		Faults: crmsim.Faults{Every: 1, Kinds: []crmsim.Fault{crmsim.FaultHang}}})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	var logs bytes.Buffer // slog's text handler serialises writes
	sess := sb.Session("", session.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))))
	// Far below crm.DefaultTimeout: a sandbox that ignored the timeout
	// would end here instead.
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()

	_, err = sess.CRM().InsertRecords(ctx, "Leads", []crm.Record{{"Last_Name": "hung"}}, crm.WriteOptions{})
	var unknown *crm.OutcomeUnknownError
	if !errors.As(err, &unknown) || ctx.Err() != nil || !strings.Contains(err.Error(), "no reply within 100ms, abandoned") {
		t.Fatalf("hung create: %v (run deadline passed: %v), want an unknown outcome after no reply within 100ms", err, ctx.Err() != nil)
	}
	// Every second call hangs: the second list's first attempt, and
	// its retry is answered.
	sb.Server.InjectFaults(crmsim.Faults{Every: 2, Kinds: []crmsim.Fault{crmsim.FaultHang}})
	for range 2 {
		if recs, _, err := sess.CRM().ListRecords(ctx, "Leads", crm.ListOptions{PerPage: 1}); err != nil || len(recs) != 1 {
			t.Fatalf("list with a hung attempt: %d records, %v", len(recs), err)
		}
	}
	hangs := sb.Server.InjectedFaults()[crmsim.FaultHang]
	if hangs != 2 {
		t.Errorf("%d calls hung, want the create and one list attempt", hangs)
	}
	if n := strings.Count(logs.String(), `level=WARN msg="http: no reply within 100ms, abandoned"`); n != hangs {
		t.Errorf("%d warn lines for %d abandoned calls:\n%s", n, hangs, logs.String())
	}
}

// TestTokenEndpointOutageKeepsTheRefreshToken: Zoho Accounts answers a
// refresh with a proxy's 503 page. The run fails saying so; the stored
// refresh token is untouched; the next run, the outage over, refreshes.
func TestTokenEndpointOutageKeepsTheRefreshToken(t *testing.T) {
	ctx := t.Context()
	srv := startEmulator(t, crmsim.Options{})
	cfg := newConfig(t, srv, storeConfig(t, "file"))
	grant(t, srv, cfg, session.New(cfg, ""))
	store, err := session.OpenStore(cfg)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := store.Load(ctx, cfg.API.User)
	before.Expiry = time.Now().Add(-time.Minute)
	if err := store.Save(ctx, before); err != nil {
		t.Fatal(err)
	}
	srv.InjectFaults(crmsim.Faults{TokenOutage: 1})
	_, _, err = session.New(cfg, "").CRM().ListRecords(ctx, "Leads", crm.ListOptions{PerPage: 1})
	if err == nil || !strings.Contains(err.Error(), "503") || strings.Contains(err.Error(), before.RefreshToken) {
		t.Fatalf("refresh during an outage: %v", err)
	}
	if got, _ := store.Load(ctx, cfg.API.User); got.RefreshToken != before.RefreshToken {
		t.Fatalf("the outage changed the stored refresh token")
	}
	srv.InjectFaults(crmsim.Faults{})
	if _, _, err := session.New(cfg, "").CRM().ListRecords(ctx, "Leads", crm.ListOptions{PerPage: 1}); err != nil {
		t.Fatalf("after the outage: %v", err)
	}
}
