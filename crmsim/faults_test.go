package crmsim

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestParseFaults(t *testing.T) {
	f, err := ParseFaults("rate=20%,seed=7,kinds=429|reset-after,token-outage=0.5,slow=3s")
	if err != nil {
		t.Fatal(err)
	}
	if f.Rate != 0.2 || f.Seed != 7 || len(f.Kinds) != 2 || f.Kinds[1] != FaultResetAfter || f.TokenOutage != 0.5 || f.Slow != 3*time.Second {
		t.Errorf("parsed %+v", f)
	}
	for _, bad := range []string{"rate=2", "kinds=429|explode", "speed=1", "rate"} {
		if _, err := ParseFaults(bad); err == nil {
			t.Errorf("%q parsed without error", bad)
		}
	}
}

// faultyGet sends one authorised GET and returns status, body and error.
func faultyGet(s *Server, token string) (int, string, error) {
	req, _ := http.NewRequest("GET", s.URL()+"/crm/v2/Leads?per_page=2", nil)
	req.Header.Set("Authorization", "Zoho-oauthtoken "+token)
	client := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

func TestEachFaultLooksLikeTheRealThing(t *testing.T) {
	cases := []struct {
		kind  Fault
		check func(status int, body string, err error) bool
	}{
		{Fault429, func(s int, b string, err error) bool { return s == 429 && strings.Contains(b, "TOO_MANY_REQUESTS") }},
		{Fault500, func(s int, b string, err error) bool { return s == 500 && strings.Contains(b, `"INTERNAL_ERROR"`) }},
		{Fault502, func(s int, b string, err error) bool { return s == 502 && strings.HasPrefix(b, "<html>") }},
		{FaultHTML, func(s int, b string, err error) bool { return s == 200 && strings.Contains(b, "<!DOCTYPE html>") }},
		{FaultResetBefore, func(s int, b string, err error) bool { return err != nil }},
		{FaultResetAfter, func(s int, b string, err error) bool { return err != nil }},
		{FaultTruncate, func(s int, b string, err error) bool {
			return s == 200 && errors.Is(err, io.ErrUnexpectedEOF) && strings.HasPrefix(b, `{"data":[`)
		}},
		{FaultHang, func(s int, b string, err error) bool { return err != nil && strings.Contains(err.Error(), "Timeout") }},
	}
	for _, tc := range cases {
		t.Run(string(tc.kind), func(t *testing.T) {
			s, tok := testServer(t, Options{Faults: Faults{Every: 1, Kinds: []Fault{tc.kind}}})
			status, body, err := faultyGet(s, tok)
			if !tc.check(status, body, err) {
				t.Errorf("HTTP %d, body %.60q, err %v", status, body, err)
			}
			if n := s.InjectedFaults()[tc.kind]; n != 1 {
				t.Errorf("injected %d %s faults, want 1", n, tc.kind)
			}
		})
	}
}

func TestFaultsAreDeterministicUnderASeed(t *testing.T) {
	pattern := func() string {
		s := New(Options{Faults: Faults{Seed: 42, Rate: 0.3}})
		var b strings.Builder
		for range 200 {
			k := s.draw(false)
			if k == "" {
				k = "-"
			}
			b.WriteString(string(k) + " ")
		}
		return b.String()
	}
	a, b := pattern(), pattern()
	if a != b {
		t.Error("the same seed gave different fault sequences")
	}
	if n := strings.Count(a, "- "); n < 110 || n > 170 {
		t.Errorf("%d of 200 calls unfaulted at rate 0.3", n)
	}
}

func TestTokenOutage(t *testing.T) {
	s := New(Options{Faults: Faults{TokenOutage: 1}})
	if err := s.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	resp, err := http.PostForm(s.URL()+"/oauth/v2/token", url.Values{"grant_type": {"refresh_token"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 503 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("token outage: HTTP %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}
