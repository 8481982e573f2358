package crmsim

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"
)

type oauthClient struct {
	id, secret string
}

type grantCode struct {
	clientID string
	userID   string
	scope    string
	expires  time.Time
}

type refreshToken struct {
	clientID string
	userID   string
	scope    string
	mints    []time.Time // recent mint times, for the 10-per-10-minutes limit
	live     []string    // access tokens minted from it, oldest first
}

// Zoho's per-refresh-token limits (zoho-api.md §2.4).
const (
	mintLimit      = 10
	mintWindow     = 10 * time.Minute
	liveTokenLimit = 15
)

type accessToken struct {
	refresh string // the refresh token it was minted from
	userID  string
	expires time.Time
}

type accountsState struct {
	clients map[string]*oauthClient
	grants  map[string]*grantCode
	refresh map[string]*refreshToken
	access  map[string]*accessToken

	minted    int // access tokens minted, for tests and benchmarks
	exchanges int // grant codes exchanged
	refreshes int // refresh-token grants answered with a token
	throttled int // mints refused by the 10-per-10-minutes limit
	evicted   int // live access tokens killed by the 15-token limit
	revoked   int // refresh tokens revoked
	rejected  int // API calls refused for a missing, unknown or dead token
	callsBy   map[string]int
}

func (a *accountsState) init() {
	a.clients = map[string]*oauthClient{}
	a.grants = map[string]*grantCode{}
	a.refresh = map[string]*refreshToken{}
	a.access = map[string]*accessToken{}
	a.callsBy = map[string]int{}
}

// Stats are counters tests read to prove how many tokens were minted.
type Stats struct {
	AccessTokensMinted int `json:"access_tokens_minted"`
	GrantsExchanged    int `json:"grants_exchanged"`
	Refreshes          int `json:"refreshes"`
	MintsThrottled     int `json:"mints_throttled"`
	TokensEvicted      int `json:"tokens_evicted"`
	RefreshRevoked     int `json:"refresh_tokens_revoked"`
	APICallsRejected   int `json:"api_calls_rejected"`
	// APICallsByUser counts authorised API calls by the email of the CRM
	// user the access token belongs to, so tests can tell whose token a
	// client sent.
	APICallsByUser map[string]int `json:"api_calls_by_user"`
}

// Stats returns the emulator's counters.
func (s *Server) Stats() Stats {
	s.mu.RLock()
	defer s.mu.RUnlock()
	s.callsMu.Lock()
	defer s.callsMu.Unlock()
	a := &s.accounts
	by := make(map[string]int, len(a.callsBy))
	for k, v := range a.callsBy {
		by[k] = v
	}
	return Stats{AccessTokensMinted: a.minted, GrantsExchanged: a.exchanges, Refreshes: a.refreshes,
		MintsThrottled: a.throttled, TokensEvicted: a.evicted, RefreshRevoked: a.revoked,
		APICallsRejected: a.rejected, APICallsByUser: by}
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// zohoToken has the shape of every Zoho token: 1000.<32 hex>.<32 hex>.
func zohoToken() string { return "1000." + randomHex(16) + "." + randomHex(16) }

// RegisterClient adds a self-client, as the Zoho API console does, and
// returns its id and secret.
func (s *Server) RegisterClient() (id, secret string) {
	id = "1000." + strings.ToUpper(randomHex(15))
	secret = randomHex(21)
	s.mu.Lock()
	s.accounts.clients[id] = &oauthClient{id: id, secret: secret}
	s.mu.Unlock()
	return id, secret
}

// GrantCode mints a single-use grant code for a client and a CRM user
// (by id or email; empty means the org's first user), as the self-client
// console's "Generate Code" step does.
func (s *Server) GrantCode(clientID, user, scope string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.accounts.clients[clientID]; !ok {
		return "", errors.New("unknown client_id")
	}
	u := s.crm.findUser(user)
	if u == nil {
		return "", errors.New("unknown user " + user)
	}
	if scope == "" {
		scope = "ZohoCRM.modules.ALL,ZohoCRM.settings.ALL,ZohoCRM.users.ALL,ZohoCRM.org.ALL,ZohoCRM.coql.READ"
	}
	code := zohoToken()
	s.accounts.grants[code] = &grantCode{clientID: clientID, userID: u.id, scope: scope, expires: s.now().Add(s.opts.GrantCodeTTL)}
	return code, nil
}

func (s *Server) routeAccounts(mux *http.ServeMux) {
	mux.HandleFunc("POST /oauth/v2/token", s.handleToken)
	mux.HandleFunc("GET /oauth/v2/auth", s.handleAuthorize)
	mux.HandleFunc("POST /oauth/v2/auth", s.handleAuthorize)
	mux.HandleFunc("POST /oauth/v2/token/revoke", s.handleRevoke)
}

// tokenParams reads parameters the three ways Zoho clients send them: a
// urlencoded body, a multipart body, or the query string of an empty POST.
func tokenParams(r *http.Request) (func(string) string, error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			return nil, err
		}
	default:
		if err := r.ParseForm(); err != nil {
			return nil, err
		}
	}
	return r.Form.Get, nil // Form merges body and query values
}

func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	get, err := tokenParams(r)
	if err != nil {
		writeJSON(w, http.StatusOK, map[string]string{"error": "invalid_request"})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.accounts.clients[get("client_id")]
	switch {
	case !ok:
		writeJSON(w, http.StatusOK, map[string]string{"error": "invalid_client"})
		return
	case c.secret != get("client_secret"):
		writeJSON(w, http.StatusOK, map[string]string{"error": "invalid_client_secret"})
		return
	}
	switch get("grant_type") {
	case "authorization_code":
		code := get("code")
		g, ok := s.accounts.grants[code]
		if !ok || g.clientID != c.id || s.now().After(g.expires) {
			writeJSON(w, http.StatusOK, map[string]string{"error": "invalid_code"})
			return
		}
		delete(s.accounts.grants, code) // single use
		s.accounts.exchanges++
		rt := zohoToken()
		s.accounts.refresh[rt] = &refreshToken{clientID: c.id, userID: g.userID, scope: g.scope}
		reply := s.mintLocked(rt)
		reply["refresh_token"] = rt
		writeJSON(w, http.StatusOK, reply)
	case "refresh_token":
		rt := get("refresh_token")
		t, ok := s.accounts.refresh[rt]
		if !ok || t.clientID != c.id {
			writeJSON(w, http.StatusOK, map[string]string{"error": "invalid_code"})
			return
		}
		if s.throttledLocked(t) {
			s.accounts.throttled++
			// zoho-api.md §2.3: the status is unconfirmed (likely 400); the body is Zoho's.
			writeJSON(w, http.StatusBadRequest, map[string]string{
				"error_description": "You have made too many requests continuously. Please try again after some time.",
				"error":             "Access Denied", "status": "failure"})
			return
		}
		s.accounts.refreshes++
		writeJSON(w, http.StatusOK, s.mintLocked(rt))
	default:
		writeJSON(w, http.StatusOK, map[string]string{"error": "unsupported_grant_type"})
	}
}

// throttledLocked applies the 10-mints-per-10-minutes limit to rt, and
// forgets mints older than the window. s.mu is held.
func (s *Server) throttledLocked(rt *refreshToken) bool {
	if s.opts.NoMintLimit {
		return false
	}
	now := s.now()
	rt.mints = slices.DeleteFunc(rt.mints, func(t time.Time) bool { return now.Sub(t) >= mintWindow })
	return len(rt.mints) >= mintLimit
}

// mintLocked issues an access token for a refresh token, evicting the
// oldest live one past the 15-token limit. s.mu is held.
func (s *Server) mintLocked(refresh string) map[string]any {
	rt := s.accounts.refresh[refresh]
	now := s.now()
	rt.live = slices.DeleteFunc(rt.live, func(tok string) bool {
		a, ok := s.accounts.access[tok]
		return !ok || !now.Before(a.expires)
	})
	if !s.opts.NoLiveTokenLimit && len(rt.live) >= liveTokenLimit {
		// Zoho says nothing: the holder finds out on its next API call.
		delete(s.accounts.access, rt.live[0])
		rt.live = rt.live[1:]
		s.accounts.evicted++
	}
	at := zohoToken()
	s.accounts.access[at] = &accessToken{refresh: refresh, userID: rt.userID, expires: now.Add(s.opts.AccessTokenTTL)}
	rt.live = append(rt.live, at)
	rt.mints = append(rt.mints, now)
	s.accounts.minted++
	domain := s.opts.APIDomain
	if domain == "" {
		domain = s.url
	}
	reply := map[string]any{
		"access_token": at,
		"api_domain":   domain,
		"token_type":   "Bearer",
		"expires_in":   int(s.opts.AccessTokenTTL / time.Second),
	}
	if s.opts.LegacyTokenReplies {
		reply["expires_in_sec"] = int(s.opts.AccessTokenTTL / time.Second)
		reply["expires_in"] = int(s.opts.AccessTokenTTL / time.Millisecond)
	}
	return reply
}

func (s *Server) handleRevoke(w http.ResponseWriter, r *http.Request) {
	get, err := tokenParams(r)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request"})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rt := get("token")
	if _, ok := s.accounts.refresh[rt]; !ok {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_token"})
		return
	}
	delete(s.accounts.refresh, rt)
	s.accounts.revoked++
	for k, a := range s.accounts.access {
		if a.refresh == rt {
			delete(s.accounts.access, k)
		}
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "success"})
}

type ctxKey struct{}

// authenticate admits CRM calls that carry a live Zoho-oauthtoken.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Get("Authorization")
		tok, ok := strings.CutPrefix(h, "Zoho-oauthtoken ")
		if !ok || tok == "" {
			s.callsMu.Lock()
			s.accounts.rejected++
			s.callsMu.Unlock()
			writeError(w, http.StatusUnauthorized, "AUTHENTICATION_FAILURE", "Authentication failed", nil)
			return
		}
		s.mu.RLock()
		at, ok := s.accounts.access[tok]
		live := ok && s.now().Before(at.expires)
		var who caller
		var email string
		if live {
			email = s.crm.userEmail(at.userID)
			who.userID = at.userID
			if rt, ok := s.accounts.refresh[at.refresh]; ok {
				who.clientID = rt.clientID
			}
		}
		s.mu.RUnlock()
		s.callsMu.Lock()
		if live {
			s.accounts.callsBy[email]++
		} else {
			s.accounts.rejected++
		}
		s.callsMu.Unlock()
		if !live {
			writeError(w, http.StatusUnauthorized, "INVALID_TOKEN", "invalid oauth token", nil)
			return
		}
		next.ServeHTTP(w, r.WithContext(contextWithCaller(r.Context(), who)))
	})
}

// AdminHeader carries Options.AdminSecret to the control endpoints.
const AdminHeader = "X-Crmsim-Admin"

// routeControl serves the console stand-ins. On loopback they need no
// token, as they are what a developer clicks in Zoho; with
// Options.AdminSecret set, every one of them needs the secret.
func (s *Server) routeControl(outer *http.ServeMux) {
	mux := http.NewServeMux()
	outer.Handle("/crmsim/", s.admin(mux))
	mux.HandleFunc("POST /crmsim/v1/self-client", func(w http.ResponseWriter, r *http.Request) {
		id, secret := s.RegisterClient()
		writeJSON(w, http.StatusOK, map[string]string{"client_id": id, "client_secret": secret})
	})
	mux.HandleFunc("POST /crmsim/v1/grant-code", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			ClientID string `json:"client_id"`
			User     string `json:"user"`
			Scope    string `json:"scope"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "body must be JSON {client_id, user, scope}"})
			return
		}
		code, err := s.GrantCode(req.ClientID, req.User, req.Scope)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"code": code})
	})
	mux.HandleFunc("GET /crmsim/v1/stats", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.Stats())
	})
	mux.HandleFunc("GET /crmsim/v1/usage", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.Usage())
	})
}

// admin refuses control requests without the admin secret, when one is
// set, with 401 and no hint of what the secret is.
func (s *Server) admin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		want := s.opts.AdminSecret
		if want != "" && subtle.ConstantTimeCompare([]byte(r.Header.Get(AdminHeader)), []byte(want)) != 1 {
			writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "this sandbox's control endpoints need its admin secret in the " + AdminHeader + " header"})
			return
		}
		next.ServeHTTP(w, r)
	})
}
