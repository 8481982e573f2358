package oauth_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/zcrmrun/zcrmrun/crmsim"
	"github.com/zcrmrun/zcrmrun/oauth"
	"github.com/zcrmrun/zcrmrun/tokenstore"
)

// newClock is a hand-driven time source, for the emulator and the token
// source alike, so expiry is tested without sleeping.
func newClock() *crmsim.Clock { return crmsim.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)) }

// emulator starts a seeded crmsim on loopback and returns it with an OAuth
// client registered at it.
func emulator(t *testing.T, opts crmsim.Options) (*crmsim.Server, *oauth.Client) {
	t.Helper()
	srv := crmsim.New(opts)
	srv.Seed(crmsim.SeedCounts{Leads: 1})
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	id, secret := srv.RegisterClient()
	return srv, &oauth.Client{AccountsURL: srv.URL(), ClientID: id, ClientSecret: secret}
}

func grantCode(t *testing.T, srv *crmsim.Server, c *oauth.Client) string {
	t.Helper()
	code, err := srv.GrantCode(c.ClientID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	return code
}

func TestLegacyRepliesGiveSecondsFromExpiresInSec(t *testing.T) {
	for _, legacy := range []bool{false, true} {
		srv, c := emulator(t, crmsim.Options{LegacyTokenReplies: legacy, AccessTokenTTL: 90 * time.Second})
		g, err := c.ExchangeCode(t.Context(), grantCode(t, srv, c))
		if err != nil {
			t.Fatal(err)
		}
		if g.ExpiresIn != 90*time.Second {
			t.Errorf("legacy=%v: ExpiresIn = %v, want 1m30s", legacy, g.ExpiresIn)
		}
		g, err = c.Refresh(t.Context(), g.RefreshToken)
		if err != nil || g.ExpiresIn != 90*time.Second {
			t.Errorf("legacy=%v refresh: ExpiresIn = %v, err %v", legacy, g.ExpiresIn, err)
		}
	}
}

func TestTokenSourceRefreshesOnlyInsideTheMargin(t *testing.T) {
	serverClock, clientClock := newClock(), newClock()
	srv, c := emulator(t, crmsim.Options{Now: serverClock.Now})
	src := &oauth.TokenSource{Client: c, Store: tokenstore.NewMemory(), UserID: "u", Margin: 10 * time.Minute, Now: clientClock.Now}
	first, err := src.Grant(t.Context(), grantCode(t, srv, c))
	if err != nil {
		t.Fatal(err)
	}
	clientClock.Advance(49 * time.Minute)
	got, err := src.Token(t.Context())
	if err != nil || got.AccessToken != first.AccessToken {
		t.Fatalf("11 minutes before expiry with a 10m margin the token was replaced (err %v)", err)
	}
	clientClock.Advance(time.Minute + time.Second)
	got, err = src.Token(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if got.AccessToken == first.AccessToken || got.RefreshToken != first.RefreshToken {
		t.Errorf("inside the margin: access replaced=%v, refresh kept=%v", got.AccessToken != first.AccessToken, got.RefreshToken == first.RefreshToken)
	}
	if want := clientClock.Now().Add(time.Hour); !got.Expiry.Equal(want) {
		t.Errorf("Expiry = %v, want %v", got.Expiry, want)
	}
	if st := srv.Stats(); st.AccessTokensMinted != 2 || st.Refreshes != 1 {
		t.Errorf("emulator minted %d tokens in %d refreshes, want 2 and 1", st.AccessTokensMinted, st.Refreshes)
	}
}

func TestFailedRefreshKeepsTheRefreshToken(t *testing.T) {
	srv, c := emulator(t, crmsim.Options{})
	clientClock := newClock()
	store := tokenstore.NewMemory()
	src := &oauth.TokenSource{Client: c, Store: store, UserID: "u", Now: clientClock.Now}
	first, err := src.Grant(t.Context(), grantCode(t, srv, c))
	if err != nil {
		t.Fatal(err)
	}
	wrong := *c
	wrong.ClientSecret = "not-the-secret"
	src.Client = &wrong
	clientClock.Advance(2 * time.Hour)
	_, err = src.Token(t.Context())
	var oe *oauth.Error
	if !errors.As(err, &oe) || oe.Code != "invalid_client_secret" {
		t.Fatalf("refresh with a wrong secret: %v, want invalid_client_secret", err)
	}
	kept, err := store.Load(context.Background(), "u")
	if err != nil || kept.RefreshToken != first.RefreshToken {
		t.Fatalf("after a failed refresh the stored refresh token is %v (err %v)", kept, err)
	}
	src.Client = c
	if _, err := src.Token(t.Context()); err != nil {
		t.Errorf("refresh with the right secret after a failure: %v", err)
	}
}

func TestThrottledRefreshIsAnOAuthError(t *testing.T) {
	srv, c := emulator(t, crmsim.Options{})
	g, err := c.ExchangeCode(t.Context(), grantCode(t, srv, c))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 9; i++ {
		if _, err := c.Refresh(t.Context(), g.RefreshToken); err != nil {
			t.Fatal(err)
		}
	}
	_, err = c.Refresh(t.Context(), g.RefreshToken)
	var oe *oauth.Error
	if !errors.As(err, &oe) || oe.Code != "Access Denied" {
		t.Fatalf("11th mint in 10 minutes: %v, want Access Denied", err)
	}
}

func TestDataCentresKeepAccountsAndAPIHostsApart(t *testing.T) {
	want := map[string][2]string{
		"us": {"https://accounts.zoho.com", "https://www.zohoapis.com"},
		"eu": {"https://accounts.zoho.eu", "https://www.zohoapis.eu"},
		"in": {"https://accounts.zoho.in", "https://www.zohoapis.in"},
		"au": {"https://accounts.zoho.com.au", "https://www.zohoapis.com.au"},
		"cn": {"https://accounts.zoho.com.cn", "https://www.zohoapis.com.cn"},
		"jp": {"https://accounts.zoho.jp", "https://www.zohoapis.jp"},
		"ca": {"https://accounts.zohocloud.ca", "https://www.zohoapis.ca"},
	}
	for name, hosts := range want {
		d, err := oauth.LookupDataCentre(name)
		if err != nil || d.AccountsURL != hosts[0] || d.APIDomain != hosts[1] {
			t.Errorf("%s: %+v, %v; want %v", name, d, err, hosts)
		}
	}
	if _, err := oauth.LookupDataCentre("CA"); err != nil {
		t.Errorf("names are case-insensitive: %v", err)
	}
	if _, err := oauth.LookupDataCentre("uk"); err == nil {
		t.Error("unknown data centre uk was accepted")
	}
}

// TestHungAccountsServerTimesOut: an accounts server that takes the
// request and never answers ends the refresh at Client.Timeout, long
// before the caller's own deadline, with an error that shows no secret.
func TestHungAccountsServerTimesOut(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go io.Copy(io.Discard, c) // reads the request, never replies
		}
	}()
	c := &oauth.Client{AccountsURL: "http://" + ln.Addr().String(), ClientID: "1000.ID", ClientSecret: "s3cret-hung", Timeout: 100 * time.Millisecond}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	_, err = c.Refresh(ctx, "1000.refresh.hung")
	if err == nil || ctx.Err() != nil {
		t.Fatalf("refresh against a hung server: %v (caller's deadline hit: %v)", err, ctx.Err())
	}
	if msg := err.Error(); strings.Contains(msg, "s3cret-hung") || strings.Contains(msg, "1000.refresh.hung") {
		t.Fatalf("error %q shows a secret", msg)
	}
}

// saveFails is a store whose Save fails once failing is set.
type saveFails struct {
	tokenstore.Store
	failing bool
}

func (s *saveFails) Save(ctx context.Context, t tokenstore.Token) error {
	if s.failing {
		return fmt.Errorf("mysql token store at h:3306, table zohooauth.oauthtokens: saving tokens of user %q: %w", t.UserID,
			errors.New("lua token module m.lua: updateOAuthTokens: called os.exit(9) at m.lua:3"))
	}
	return s.Store.Save(ctx, t)
}

// A refresh whose token the store cannot save says the new token is lost
// and the refresh token still works, instead of only passing the store's
// error on (issue 13 point 17).
func TestUnsavedRefreshSaysTheNewTokenIsLost(t *testing.T) {
	serverClock, clientClock := newClock(), newClock()
	srv, c := emulator(t, crmsim.Options{Now: serverClock.Now})
	store := &saveFails{Store: tokenstore.NewMemory()}
	src := &oauth.TokenSource{Client: c, Store: store, UserID: "u", Now: clientClock.Now}
	if _, err := src.Grant(t.Context(), grantCode(t, srv, c)); err != nil {
		t.Fatal(err)
	}
	clientClock.Advance(2 * time.Hour)
	store.failing = true
	_, err := src.Token(t.Context())
	if err == nil || !strings.Contains(err.Error(), "minted a new access token, but the token store did not save it, so it is lost") ||
		!strings.Contains(err.Error(), "the stored refresh token still works") || !strings.Contains(err.Error(), "os.exit(9)") {
		t.Fatalf("refresh with a failing save: %v", err)
	}
}

// checkedSaveFails passes the store check, then fails to save, as a MySQL
// server that goes away between the two does.
type checkedSaveFails struct{ saveFails }

func (checkedSaveFails) CheckWrite(context.Context, string) error { return nil }

// A grant whose tokens the store did not save says that the code is spent
// and what to do, and names the save once (issue 13 points 18 and 24:
// "saving tokens of user X" appeared twice in one message).
func TestUnsavedGrantSaysTheCodeIsSpent(t *testing.T) {
	srv, c := emulator(t, crmsim.Options{})
	store := &checkedSaveFails{saveFails{Store: tokenstore.NewMemory(), failing: true}}
	src := &oauth.TokenSource{Client: c, Store: store, UserID: "u"}
	code := grantCode(t, srv, c)
	_, err := src.Grant(t.Context(), code)
	if err == nil || !strings.Contains(err.Error(), "Zoho exchanged the grant code, which is now spent, but the token store did not save the tokens") ||
		!strings.Contains(err.Error(), "generate a new grant code") || strings.Count(err.Error(), "saving tokens of user") != 1 {
		t.Fatalf("grant with a failing save: %v", err)
	}
	if _, err := c.ExchangeCode(t.Context(), code); err == nil {
		t.Fatal("the code still worked, so it was not spent")
	}
}

// The api_domain beside stored tokens decides where the access token goes,
// so only Zoho's API hosts (docs/zoho-api.md §1) over https are accepted,
// and loopback only for an emulator's tokens (issue 13 point 21).
func TestCheckAPIDomain(t *testing.T) {
	const emulator = "http://127.0.0.1:4000"
	for _, ok := range []string{
		"https://www.zohoapis.com", "https://www.zohoapis.eu", "https://www.zohoapis.in", "https://www.zohoapis.com.au",
		"https://www.zohoapis.com.cn", "https://www.zohoapis.jp", "https://www.zohoapis.ca",
		"https://sandbox.zohoapis.com", "https://developer.zohoapis.eu", "https://content.zohoapis.in", "https://www.zohoapis.com/",
		emulator, "http://127.0.0.1:4001", "https://localhost:4000",
	} {
		if err := oauth.CheckAPIDomain(ok, emulator); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{
		"http://www.zohoapis.com", "https://www.zohoapis.com.evil.example", "https://evilzohoapis.com", "https://zohoapis.example",
		"https://user@www.zohoapis.com", "https://www.zohoapis.com:8443", "https://www.zohoapis.com/crm/v2", "not a url",
		"http://127.0.0.1:4000/crm/v2",
	} {
		if err := oauth.CheckAPIDomain(bad, emulator); err == nil || !strings.Contains(err.Error(), "so the access token is not sent there") {
			t.Errorf("%s: accepted (%v)", bad, err)
		}
	}
	for _, accounts := range []string{"https://accounts.zoho.com", "https://accounts.zohocloud.ca"} {
		if err := oauth.CheckAPIDomain(emulator, accounts); err == nil || !strings.Contains(err.Error(), "only an emulator's tokens") {
			t.Errorf("a loopback api_domain with %s: %v", accounts, err)
		}
	}
}
