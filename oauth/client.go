package oauth

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Client exchanges grant codes and refresh tokens at a Zoho Accounts server.
type Client struct {
	AccountsURL  string // e.g. https://accounts.zoho.com (no path)
	ClientID     string
	ClientSecret string
	RedirectURL  string
	HTTP         *http.Client  // nil means http.DefaultClient
	Timeout      time.Duration // bounds each request; 0 means DefaultTimeout
}

// Grant is a successful reply of the token endpoint.
type Grant struct {
	AccessToken  string
	RefreshToken string // empty on refresh: Zoho only returns it for grant codes
	APIDomain    string
	ExpiresIn    time.Duration
}

// Error is an error answered by Zoho Accounts, e.g. invalid_code or
// invalid_client. Its text never contains the request's secrets.
type Error struct {
	Code        string // Zoho's "error" value
	Description string // Zoho's "error_description", if any
	Status      int    // HTTP status of the reply
}

func (e *Error) Error() string {
	msg := "zoho accounts: " + e.Code
	if e.Description != "" {
		msg += ": " + e.Description
	}
	if hint := errorHints[e.Code]; hint != "" {
		msg += " (" + hint + ")"
	}
	return msg
}

var errorHints = map[string]string{
	"invalid_code":          "the grant code is expired or used, or the refresh token is revoked",
	"invalid_client":        "unknown client id: check the client id and the accounts data centre",
	"invalid_client_secret": "the client secret does not match the client id",
	"Access Denied":         "Zoho mints at most 10 access tokens per refresh token in 10 minutes; wait, and share one token store between processes",
}

// ExchangeCode trades a single-use grant code for tokens.
func (c *Client) ExchangeCode(ctx context.Context, code string) (Grant, error) {
	v := url.Values{"grant_type": {"authorization_code"}, "code": {code}}
	if c.RedirectURL != "" {
		v.Set("redirect_uri", c.RedirectURL)
	}
	return c.token(ctx, v)
}

// Refresh mints a new access token from a refresh token.
func (c *Client) Refresh(ctx context.Context, refreshToken string) (Grant, error) {
	return c.token(ctx, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refreshToken}})
}

// Revoke invalidates a refresh token and every access token minted from it.
func (c *Client) Revoke(ctx context.Context, refreshToken string) error {
	body, status, err := c.post(ctx, "/oauth/v2/token/revoke", url.Values{"token": {refreshToken}})
	if err != nil {
		return err
	}
	var r struct {
		Error  string `json:"error"`
		Status string `json:"status"`
	}
	_ = json.Unmarshal(body, &r)
	if status != http.StatusOK || r.Error != "" {
		code := r.Error
		if code == "" {
			code = "revoke_failed"
		}
		return &Error{Code: code, Status: status}
	}
	return nil
}

func (c *Client) token(ctx context.Context, v url.Values) (Grant, error) {
	v.Set("client_id", c.ClientID)
	v.Set("client_secret", c.ClientSecret)
	body, status, err := c.post(ctx, "/oauth/v2/token", v)
	if err != nil {
		return Grant{}, err
	}
	return parseTokenReply(body, status)
}

func (c *Client) post(ctx context.Context, path string, v url.Values) ([]byte, int, error) {
	u := strings.TrimRight(c.AccountsURL, "/") + path
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader(v.Encode()))
	if err != nil {
		return nil, 0, fmt.Errorf("zoho accounts: bad accounts URL %q: %w", c.AccountsURL, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		// url.Error names the URL, which carries no secret: they are in the body.
		return nil, 0, fmt.Errorf("zoho accounts: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, resp.StatusCode, fmt.Errorf("zoho accounts: reading reply (HTTP %d): %w", resp.StatusCode, err)
	}
	return body, resp.StatusCode, nil
}

// parseTokenReply reads both Zoho reply shapes: the current one, where
// expires_in is in seconds, and the legacy one, where expires_in_sec holds
// seconds and expires_in milliseconds.
func parseTokenReply(body []byte, status int) (Grant, error) {
	var r struct {
		AccessToken  string       `json:"access_token"`
		RefreshToken string       `json:"refresh_token"`
		APIDomain    string       `json:"api_domain"`
		ExpiresIn    *json.Number `json:"expires_in"`
		ExpiresInSec *json.Number `json:"expires_in_sec"`
		Error        string       `json:"error"`
		Description  string       `json:"error_description"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return Grant{}, fmt.Errorf("zoho accounts: HTTP %d: reply is not JSON (%d bytes)", status, len(body))
	}
	if r.Error != "" {
		return Grant{}, &Error{Code: r.Error, Description: r.Description, Status: status}
	}
	if r.AccessToken == "" {
		return Grant{}, &Error{Code: "no_access_token", Description: "the reply carries no access_token", Status: status}
	}
	g := Grant{AccessToken: r.AccessToken, RefreshToken: r.RefreshToken, APIDomain: r.APIDomain, ExpiresIn: time.Hour}
	switch {
	case r.ExpiresInSec != nil:
		if s, err := r.ExpiresInSec.Float64(); err == nil {
			g.ExpiresIn = time.Duration(s * float64(time.Second))
		}
	case r.ExpiresIn != nil:
		if s, err := r.ExpiresIn.Float64(); err == nil {
			g.ExpiresIn = time.Duration(s * float64(time.Second))
		}
	}
	return g, nil
}

// DefaultTimeout bounds a token request when Client.Timeout is 0: a hung
// accounts server must not hang every run that needs a token.
const DefaultTimeout = 60 * time.Second
