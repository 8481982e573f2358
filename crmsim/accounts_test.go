package crmsim_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/zcrmrun/zcrmrun/crmsim"
)

// accounts is a started, seeded emulator with one registered self-client.
type accounts struct {
	srv            *crmsim.Server
	id, secret     string
	clock          *crmsim.Clock
	console        crmsim.Console
	firstUserEmail string
}

func startAccounts(t *testing.T, opts crmsim.Options) *accounts {
	t.Helper()
	c := crmsim.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	if opts.Now == nil {
		opts.Now = c.Now
	}
	srv := crmsim.New(opts)
	srv.Seed(crmsim.SeedCounts{Leads: 3})
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	id, secret := srv.RegisterClient()
	return &accounts{srv: srv, id: id, secret: secret, clock: c, console: crmsim.Console{URL: srv.URL()}, firstUserEmail: "admin@zylker.example"}
}

// reply is a decoded token-endpoint reply with its HTTP status.
type reply struct {
	status int
	body   map[string]any
}

func (r reply) str(k string) string { s, _ := r.body[k].(string); return s }

func decodeReply(t *testing.T, resp *http.Response, err error) reply {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("token reply is not JSON: %v", err)
	}
	return reply{status: resp.StatusCode, body: body}
}

// postForm sends params as a urlencoded body, as the Zoho SDKs do.
func (a *accounts) postForm(t *testing.T, path string, params url.Values) reply {
	t.Helper()
	resp, err := http.PostForm(a.srv.URL()+path, params)
	return decodeReply(t, resp, err)
}

// postMultipart sends params as a multipart body, as zcrmsdk does.
func (a *accounts) postMultipart(t *testing.T, path string, params url.Values) reply {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range params {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	mw.Close()
	resp, err := http.Post(a.srv.URL()+path, mw.FormDataContentType(), &buf)
	return decodeReply(t, resp, err)
}

// postQuery sends params in the query string of an empty POST, as Zoho's
// documentation examples and some community clients do.
func (a *accounts) postQuery(t *testing.T, path string, params url.Values) reply {
	t.Helper()
	resp, err := http.Post(a.srv.URL()+path+"?"+params.Encode(), "", nil)
	return decodeReply(t, resp, err)
}

func (a *accounts) grantCode(t *testing.T, user string) string {
	t.Helper()
	code, err := a.console.GrantCode(context.Background(), a.id, user)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

func (a *accounts) exchange(t *testing.T, code string) reply {
	t.Helper()
	return a.postForm(t, "/oauth/v2/token", url.Values{"grant_type": {"authorization_code"}, "code": {code},
		"client_id": {a.id}, "client_secret": {a.secret}})
}

// refreshToken exchanges a fresh grant code and returns the refresh token.
func (a *accounts) refreshToken(t *testing.T) string {
	t.Helper()
	r := a.exchange(t, a.grantCode(t, ""))
	if rt := r.str("refresh_token"); rt != "" {
		return rt
	}
	t.Fatalf("grant exchange: %v", r.body)
	return ""
}

func (a *accounts) refresh(t *testing.T, rt string) reply {
	t.Helper()
	return a.postForm(t, "/oauth/v2/token", a.refreshParams(rt))
}

func (a *accounts) refreshParams(rt string) url.Values {
	return url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}, "client_id": {a.id}, "client_secret": {a.secret}}
}

// apiStatus calls the CRM with an access token and returns the status and
// the Zoho error code, if any.
func (a *accounts) apiStatus(t *testing.T, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, a.srv.URL()+"/crm/v2/Leads?per_page=1", nil)
	req.Header.Set("Authorization", "Zoho-oauthtoken "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var e struct{ Code string }
	json.NewDecoder(resp.Body).Decode(&e)
	return resp.StatusCode, e.Code
}

func TestTokenParamsAreReadFromFormMultipartAndQuery(t *testing.T) {
	a := startAccounts(t, crmsim.Options{})
	rt := a.refreshToken(t)
	for name, send := range map[string]func(*testing.T, string, url.Values) reply{
		"urlencoded": a.postForm, "multipart": a.postMultipart, "query string": a.postQuery,
	} {
		r := send(t, "/oauth/v2/token", a.refreshParams(rt))
		if r.status != http.StatusOK || !strings.HasPrefix(r.str("access_token"), "1000.") {
			t.Errorf("%s refresh: HTTP %d %v", name, r.status, r.body)
			continue
		}
		if st, code := a.apiStatus(t, r.str("access_token")); st != http.StatusOK {
			t.Errorf("%s: the minted token is refused: %d %s", name, st, code)
		}
		// A grant exchange works the same way, and the reply carries a refresh token.
		r = send(t, "/oauth/v2/token", url.Values{"grant_type": {"authorization_code"}, "code": {a.grantCode(t, "")},
			"client_id": {a.id}, "client_secret": {a.secret}})
		if r.str("refresh_token") == "" {
			t.Errorf("%s grant exchange: %v", name, r.body)
		}
	}
}

func TestTokenErrorsAreHTTP200WithErrorBody(t *testing.T) {
	a := startAccounts(t, crmsim.Options{})
	rt := a.refreshToken(t)
	cases := []struct {
		name   string
		params url.Values
		want   string
	}{
		{"unknown client", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}, "client_id": {"1000.NOPE"}, "client_secret": {a.secret}}, "invalid_client"},
		{"wrong secret", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}, "client_id": {a.id}, "client_secret": {"wrong"}}, "invalid_client_secret"},
		{"unknown refresh token", a.refreshParams("1000.0123.4567"), "invalid_code"},
		{"unknown grant code", url.Values{"grant_type": {"authorization_code"}, "code": {"1000.bad.code"}, "client_id": {a.id}, "client_secret": {a.secret}}, "invalid_code"},
		{"bad grant type", url.Values{"grant_type": {"password"}, "client_id": {a.id}, "client_secret": {a.secret}}, "unsupported_grant_type"},
	}
	for _, c := range cases {
		r := a.postForm(t, "/oauth/v2/token", c.params)
		if r.status != http.StatusOK || r.str("error") != c.want || r.str("access_token") != "" {
			t.Errorf("%s: got HTTP %d %v, want HTTP 200 {error: %s}", c.name, r.status, r.body, c.want)
		}
	}
}

func TestGrantCodesAreSingleUseAndExpire(t *testing.T) {
	a := startAccounts(t, crmsim.Options{GrantCodeTTL: time.Minute})
	code := a.grantCode(t, "")
	if r := a.exchange(t, code); r.str("refresh_token") == "" {
		t.Fatalf("first exchange: %v", r.body)
	}
	if r := a.exchange(t, code); r.str("error") != "invalid_code" {
		t.Errorf("second exchange of one code: %v, want invalid_code", r.body)
	}
	late := a.grantCode(t, "")
	a.clock.Advance(time.Minute + time.Second)
	if r := a.exchange(t, late); r.str("error") != "invalid_code" {
		t.Errorf("exchange after the code's TTL: %v, want invalid_code", r.body)
	}
	if got := a.srv.Stats().GrantsExchanged; got != 1 {
		t.Errorf("GrantsExchanged = %d, want 1", got)
	}
}

func TestAccessTokensExpireAfterTheConfiguredLifetime(t *testing.T) {
	a := startAccounts(t, crmsim.Options{AccessTokenTTL: time.Second})
	r := a.exchange(t, a.grantCode(t, ""))
	if got := r.body["expires_in"]; got != float64(1) {
		t.Errorf("expires_in = %v, want 1 (seconds)", got)
	}
	tok := r.str("access_token")
	if st, _ := a.apiStatus(t, tok); st != http.StatusOK {
		t.Fatalf("fresh token: HTTP %d", st)
	}
	a.clock.Advance(time.Second)
	if st, code := a.apiStatus(t, tok); st != http.StatusUnauthorized || code != "INVALID_TOKEN" {
		t.Errorf("expired token: HTTP %d %s, want 401 INVALID_TOKEN", st, code)
	}
}

func TestMintLimitTenPerTenMinutes(t *testing.T) {
	a := startAccounts(t, crmsim.Options{})
	rt := a.refreshToken(t) // the exchange mints the first of ten
	for i := 2; i <= 10; i++ {
		if r := a.refresh(t, rt); r.str("access_token") == "" {
			t.Fatalf("mint %d: %v", i, r.body)
		}
	}
	r := a.refresh(t, rt)
	if r.str("error") != "Access Denied" || r.str("access_token") != "" ||
		!strings.Contains(r.str("error_description"), "too many requests") {
		t.Fatalf("11th mint in 10 minutes: HTTP %d %v, want Access Denied", r.status, r.body)
	}
	if got := a.srv.Stats().MintsThrottled; got != 1 {
		t.Errorf("MintsThrottled = %d, want 1", got)
	}
	a.clock.Advance(10 * time.Minute)
	if r := a.refresh(t, rt); r.str("access_token") == "" {
		t.Errorf("mint after the window: %v", r.body)
	}
	// Another refresh token of the same client has its own budget.
	if r := a.refresh(t, a.refreshToken(t)); r.str("access_token") == "" {
		t.Errorf("other refresh token: %v", r.body)
	}
}

func TestMintLimitCanBeSwitchedOff(t *testing.T) {
	a := startAccounts(t, crmsim.Options{NoMintLimit: true})
	rt := a.refreshToken(t)
	for i := 2; i <= 25; i++ {
		if r := a.refresh(t, rt); r.str("access_token") == "" {
			t.Fatalf("mint %d with NoMintLimit: %v", i, r.body)
		}
	}
}

func TestSixteenthLiveTokenEvictsTheOldest(t *testing.T) {
	a := startAccounts(t, crmsim.Options{NoMintLimit: true})
	first := a.exchange(t, a.grantCode(t, ""))
	rt := first.str("refresh_token")
	tokens := []string{first.str("access_token")}
	for len(tokens) < 15 {
		tokens = append(tokens, a.refresh(t, rt).str("access_token"))
	}
	for i, tok := range tokens {
		if st, _ := a.apiStatus(t, tok); st != http.StatusOK {
			t.Fatalf("token %d of 15: HTTP %d", i+1, st)
		}
	}
	a.refresh(t, rt) // the 16th
	if st, code := a.apiStatus(t, tokens[0]); st != http.StatusUnauthorized || code != "INVALID_TOKEN" {
		t.Errorf("oldest token after the 16th mint: HTTP %d %s, want 401 INVALID_TOKEN", st, code)
	}
	if st, _ := a.apiStatus(t, tokens[1]); st != http.StatusOK {
		t.Errorf("second-oldest token after the 16th mint: HTTP %d, want 200", st)
	}
	if got := a.srv.Stats().TokensEvicted; got != 1 {
		t.Errorf("TokensEvicted = %d, want 1", got)
	}
}

func TestExpiredTokensDoNotCountAsLive(t *testing.T) {
	a := startAccounts(t, crmsim.Options{NoMintLimit: true, AccessTokenTTL: time.Minute})
	rt := a.refreshToken(t)
	for i := 0; i < 14; i++ {
		a.refresh(t, rt)
	}
	a.clock.Advance(time.Minute)
	tok := a.refresh(t, rt).str("access_token")
	for i := 0; i < 14; i++ {
		a.refresh(t, rt)
	}
	if st, _ := a.apiStatus(t, tok); st != http.StatusOK {
		t.Errorf("token minted after 15 expired ones was evicted: HTTP %d", st)
	}
}

func TestLiveTokenLimitCanBeSwitchedOff(t *testing.T) {
	a := startAccounts(t, crmsim.Options{NoMintLimit: true, NoLiveTokenLimit: true})
	first := a.exchange(t, a.grantCode(t, ""))
	for i := 0; i < 20; i++ {
		a.refresh(t, first.str("refresh_token"))
	}
	if st, _ := a.apiStatus(t, first.str("access_token")); st != http.StatusOK {
		t.Errorf("first token after 21 mints with NoLiveTokenLimit: HTTP %d", st)
	}
}

func TestRevokeKillsTheRefreshTokenAndItsAccessTokens(t *testing.T) {
	a := startAccounts(t, crmsim.Options{})
	first := a.exchange(t, a.grantCode(t, ""))
	rt := first.str("refresh_token")
	if r := a.postForm(t, "/oauth/v2/token/revoke", url.Values{"token": {rt}}); r.status != http.StatusOK || r.str("status") != "success" {
		t.Fatalf("revoke: HTTP %d %v", r.status, r.body)
	}
	if r := a.refresh(t, rt); r.str("error") != "invalid_code" {
		t.Errorf("refresh with a revoked token: %v, want invalid_code", r.body)
	}
	if st, code := a.apiStatus(t, first.str("access_token")); st != http.StatusUnauthorized || code != "INVALID_TOKEN" {
		t.Errorf("access token of a revoked refresh token: HTTP %d %s", st, code)
	}
	if r := a.postForm(t, "/oauth/v2/token/revoke", url.Values{"token": {rt}}); r.status != http.StatusBadRequest {
		t.Errorf("revoking twice: HTTP %d %v, want 400", r.status, r.body)
	}
	// Zoho's documented form: the token in the query string of an empty POST.
	rt2 := a.refreshToken(t)
	if r := a.postQuery(t, "/oauth/v2/token/revoke", url.Values{"token": {rt2}}); r.str("status") != "success" {
		t.Errorf("revoke by query string: %v", r.body)
	}
	if got := a.srv.Stats().RefreshRevoked; got != 2 {
		t.Errorf("RefreshRevoked = %d, want 2", got)
	}
}

func TestLegacyTokenReplies(t *testing.T) {
	a := startAccounts(t, crmsim.Options{LegacyTokenReplies: true, AccessTokenTTL: 90 * time.Second})
	r := a.exchange(t, a.grantCode(t, ""))
	if r.body["expires_in_sec"] != float64(90) || r.body["expires_in"] != float64(90000) {
		t.Errorf("legacy reply: expires_in_sec=%v expires_in=%v, want 90 and 90000", r.body["expires_in_sec"], r.body["expires_in"])
	}
}

func TestStatsOverHTTPNameTheCallersOfTheAPI(t *testing.T) {
	a := startAccounts(t, crmsim.Options{})
	admin := a.exchange(t, a.grantCode(t, "")).str("access_token")
	ravi := a.exchange(t, a.grantCode(t, "ravi@zylker.example")).str("access_token")
	a.apiStatus(t, admin)
	a.apiStatus(t, ravi)
	a.apiStatus(t, ravi)
	a.apiStatus(t, "1000.not.a-token")
	resp, err := http.Get(a.srv.URL() + "/crmsim/v1/stats")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got crmsim.Stats
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got.AccessTokensMinted != 2 || got.GrantsExchanged != 2 || got.APICallsRejected != 1 ||
		got.APICallsByUser[a.firstUserEmail] != 1 || got.APICallsByUser["ravi@zylker.example"] != 2 {
		t.Errorf("stats over HTTP = %+v", got)
	}
}
