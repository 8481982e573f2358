package crmsim

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Console is a client of the emulator's control endpoints: the steps a
// developer performs by hand in the Zoho API console.
type Console struct {
	URL         string // the emulator's base URL
	HTTP        *http.Client
	AdminSecret string // the emulator's Options.AdminSecret, if it has one
}

// SelfClient registers a self-client and returns its credentials.
func (c Console) SelfClient(ctx context.Context) (clientID, clientSecret string, err error) {
	var raw map[string]string
	if err := c.post(ctx, "/crmsim/v1/self-client", nil, &raw); err != nil {
		return "", "", err
	}
	return raw["client_id"], raw["client_secret"], nil
}

// GrantCode mints a grant code for clientID acting as user (an id or email;
// empty means the org's first user).
func (c Console) GrantCode(ctx context.Context, clientID, user string) (string, error) {
	var raw map[string]string
	if err := c.post(ctx, "/crmsim/v1/grant-code", map[string]string{"client_id": clientID, "user": user}, &raw); err != nil {
		return "", err
	}
	return raw["code"], nil
}

func (c Console) post(ctx context.Context, path string, body, out any) error {
	b, _ := json.Marshal(body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(c.URL, "/")+path, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if c.AdminSecret != "" {
		req.Header.Set(AdminHeader, c.AdminSecret)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("crmsim console: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var e map[string]string
		json.NewDecoder(resp.Body).Decode(&e)
		return fmt.Errorf("crmsim console %s: HTTP %d: %s", path, resp.StatusCode, e["error"])
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// AccessToken performs a developer's whole first run: registers a
// self-client, mints a grant code for user and exchanges it at the token
// endpoint, returning the access token. Tools and tests that only need to
// call the CRM API use it.
func (c Console) AccessToken(ctx context.Context, user string) (string, error) {
	id, secret, err := c.SelfClient(ctx)
	if err != nil {
		return "", err
	}
	code, err := c.GrantCode(ctx, id, user)
	if err != nil {
		return "", err
	}
	form := url.Values{"grant_type": {"authorization_code"}, "client_id": {id}, "client_secret": {secret}, "code": {code}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(c.URL, "/")+"/oauth/v2/token", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return "", fmt.Errorf("crmsim console: %w", err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
		Error       string `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		return "", fmt.Errorf("crmsim console: token exchange failed: %v%s", err, tok.Error)
	}
	return tok.AccessToken, nil
}
