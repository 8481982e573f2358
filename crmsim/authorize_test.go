package crmsim_test

import (
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/zcrmrun/zcrmrun/crmsim"
)

// Zoho's authorization-code flow as zoho-api.md §2.1 gives it: a consent
// step at GET /oauth/v2/auth, then a 302 to redirect_uri with code,
// location and accounts-server (and state); the code is exchanged at
// /oauth/v2/token like any grant code.
func TestAuthorizationCodeFlow(t *testing.T) {
	srv := crmsim.New(crmsim.Options{})
	srv.Seed(crmsim.SeedCounts{})
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	id, secret := srv.RegisterClient()
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	authURL := srv.URL() + "/oauth/v2/auth?" + url.Values{
		"client_id": {id}, "response_type": {"code"}, "scope": {"ZohoCRM.modules.ALL,ZohoCRM.settings.ALL"},
		"redirect_uri": {"http://127.0.0.1:9/callback?app=1"}, "access_type": {"offline"}, "state": {"s-42"}}.Encode()

	resp, err := noFollow.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("consent page: HTTP %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// Submit the page's form as a browser would.
	form := url.Values{}
	for _, m := range regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`).FindAllStringSubmatch(string(page), -1) {
		form.Set(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	user := regexp.MustCompile(`<option value="([^"]+)"`).FindStringSubmatch(string(page))
	if user == nil || form.Get("client_id") != id {
		t.Fatalf("consent page has no form for the client and users:\n%s", page)
	}
	form.Set("user", user[1])

	reject := url.Values{}
	for k, v := range form {
		reject[k] = v
	}
	reject.Set("decision", "reject")
	resp, err = noFollow.PostForm(srv.URL()+"/oauth/v2/auth", reject)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc, _ := url.Parse(resp.Header.Get("Location")); resp.StatusCode != http.StatusFound || loc.Query().Get("error") != "access_denied" || loc.Query().Get("code") != "" {
		t.Errorf("rejected consent: HTTP %d Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}

	form.Set("decision", "accept")
	resp, err = noFollow.PostForm(srv.URL()+"/oauth/v2/auth", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil {
		t.Fatalf("accepted consent: HTTP %d Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	q := loc.Query()
	if loc.Host != "127.0.0.1:9" || loc.Path != "/callback" || q.Get("app") != "1" || q.Get("state") != "s-42" ||
		q.Get("location") != "us" || q.Get("accounts-server") != srv.URL() || !strings.HasPrefix(q.Get("code"), "1000.") {
		t.Fatalf("redirect %s lacks what Zoho's carries", loc)
	}
	resp, err = http.PostForm(srv.URL()+"/oauth/v2/token", url.Values{"grant_type": {"authorization_code"}, "code": {q.Get("code")},
		"client_id": {id}, "client_secret": {secret}, "redirect_uri": {"http://127.0.0.1:9/callback?app=1"}})
	if err != nil {
		t.Fatal(err)
	}
	var tok map[string]any
	json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	if tok["refresh_token"] == nil || tok["access_token"] == nil {
		t.Fatalf("exchanging the redirected code: %v", tok)
	}

	for name, bad := range map[string]url.Values{
		"unknown client":  {"client_id": {"1000.NOPE"}, "response_type": {"code"}, "scope": {"ZohoCRM.modules.ALL"}, "redirect_uri": {"http://x/cb"}},
		"no redirect_uri": {"client_id": {id}, "response_type": {"code"}, "scope": {"ZohoCRM.modules.ALL"}},
		"token response":  {"client_id": {id}, "response_type": {"token"}, "scope": {"ZohoCRM.modules.ALL"}, "redirect_uri": {"http://x/cb"}},
	} {
		resp, err := noFollow.Get(srv.URL() + "/oauth/v2/auth?" + bad.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" {
			t.Errorf("%s: HTTP %d Location %q, want an error page and no redirect", name, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
}
