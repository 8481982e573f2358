package crmsim

import (
	"errors"
	"io"
	"net"
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
	for _, bad := range []string{"rate=2", "rate=NaN", "kinds=429|explode", "speed=1", "rate"} {
		if _, err := ParseFaults(bad); err == nil {
			t.Errorf("%q parsed without error", bad)
		}
	}
}

func TestParseMySQLFaults(t *testing.T) {
	f, err := ParseFaults("mysql=127.0.0.1:3306,mysql-drop=30%,mysql-refuse-every=4,mysql-down=5-8,seed=7")
	if err != nil {
		t.Fatal(err)
	}
	want := TCPFaults{Seed: 7, Drop: 0.3, RefuseEvery: 4, DownFrom: 5, DownTo: 8}
	if f.MySQL != "127.0.0.1:3306" || f.MySQLFaults != want || f.Rate != 0 {
		t.Errorf("parsed %+v", f)
	}
	if f, err := ParseFaults("mysql=[::1]:3306,mysql-drop-every=3,mysql-refuse=0.5,mysql-down=2"); err != nil ||
		f.MySQLFaults != (TCPFaults{DropEvery: 3, Refuse: 0.5, DownFrom: 2, DownTo: 2}) {
		t.Errorf("parsed %+v, %v", f, err)
	}
	for bad, msg := range map[string]string{
		"mysql-drop=0.3":                    "mysql-* faults need mysql=HOST:PORT",
		"mysql=localhost":                   `fault spec mysql: "localhost" is not valid (want HOST:PORT`,
		"mysql=:3306,mysql-drop=0.1":        `fault spec mysql: ":3306" is not valid`,
		"mysql=db:99999":                    `fault spec mysql: "db:99999" is not valid`,
		"mysql=db:3306,mysql-drop=1.5":      `fault spec mysql-drop: "1.5" is not valid`,
		"mysql=db:3306,mysql-drop-every=0":  `fault spec mysql-drop-every: "0" is not valid`,
		"mysql=db:3306,mysql-down=8-5":      `fault spec mysql-down: "8-5" is not valid (want K-L`,
		"mysql=db:3306,mysql-down=0-5":      `fault spec mysql-down: "0-5" is not valid`,
		"mysql=db:3306,mysql-reset=0.1":     `unknown key "mysql-reset" (known: rate, every, seed, kinds, token-outage, slow, mysql, mysql-drop,`,
		"mysql=db:3306,mysql-refuse=lots":   `fault spec mysql-refuse: "lots" is not valid`,
		"mysql=db:3306,mysql-refuse-every=": `fault spec mysql-refuse-every: "" is not valid`,
	} {
		if _, err := ParseFaults(bad); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%q: error %v, want %q", bad, err, msg)
		}
	}
}

// FuzzParseFaults: no spec panics the parser; a refusal is one line
// naming the spec; an accepted spec holds only values the injectors can
// use. The seed corpus is testdata/fuzz/FuzzParseFaults.
func FuzzParseFaults(f *testing.F) {
	f.Fuzz(func(t *testing.T, spec string) {
		got, err := ParseFaults(spec)
		if err != nil {
			if msg := err.Error(); !strings.HasPrefix(msg, "fault spec") || strings.Contains(msg, "\n") {
				t.Fatalf("%q: error %q is not one line naming the fault spec", spec, msg)
			}
			return
		}
		m := got.MySQLFaults
		for _, share := range []float64{got.Rate, got.TokenOutage, m.Drop, m.Refuse} {
			if !(share >= 0 && share <= 1) {
				t.Fatalf("%q: share %v accepted", spec, share)
			}
		}
		if m.Seed != got.Seed || m.DropEvery < 0 || m.RefuseEvery < 0 || m.DownTo < m.DownFrom || (m.DownFrom == 0) != (m.DownTo == 0) {
			t.Fatalf("%q: MySQL faults %+v", spec, m)
		}
		if m != (TCPFaults{Seed: m.Seed}) && got.MySQL == "" {
			t.Fatalf("%q: MySQL faults without a server", spec)
		}
		if got.MySQL != "" {
			if _, _, err := net.SplitHostPort(got.MySQL); err != nil {
				t.Fatalf("%q: MySQL server %q accepted: %v", spec, got.MySQL, err)
			}
		}
	})
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
