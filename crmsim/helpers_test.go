package crmsim_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/zcrmrun/zcrmrun/crmsim"
)

// smallSeed keeps tests that do not need the paging walls quick.
var smallSeed = crmsim.SeedCounts{Leads: 60, Contacts: 20, Accounts: 10, Deals: 10}

// api is a raw HTTP client of a started emulator, authorised the way a
// real client is: self-client, grant code, token exchange.
type api struct {
	t     testing.TB
	srv   *crmsim.Server
	token string
}

func startSim(t testing.TB, seed crmsim.SeedCounts, opts crmsim.Options) *api {
	t.Helper()
	srv := crmsim.New(opts)
	srv.Seed(seed)
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	tok, err := crmsim.Console{URL: srv.URL()}.AccessToken(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	a := &api{t: t, srv: srv, token: tok}
	return a
}

// simReply is a decoded answer; body is nil for an empty one.
type simReply struct {
	status int
	header http.Header
	body   map[string]any
}

// do sends a request with a raw string body (sent as is, without a
// Content-Type unless given in header) and decodes the simReply. A path
// below /crm/ is sent as is; any other is taken below /crm/v2.
func (a *api) do(method, path, body string, header ...string) simReply {
	a.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	if !strings.HasPrefix(path, "/crm/") {
		path = "/crm/v2" + path
	}
	req, err := http.NewRequestWithContext(a.t.Context(), method, a.srv.URL()+path, rd)
	if err != nil {
		a.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Zoho-oauthtoken "+a.token)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	// Redirects are answers to check, not to follow: Zoho sends none.
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	r := simReply{status: resp.StatusCode, header: resp.Header}
	if len(bytes.TrimSpace(b)) > 0 {
		d := json.NewDecoder(bytes.NewReader(b))
		d.UseNumber()
		if err := d.Decode(&r.body); err != nil {
			a.t.Fatalf("%s %s: simReply is not JSON: %q", method, path, b)
		}
	}
	return r
}

// write sends v as a JSON body with Content-Type application/json.
func (a *api) write(method, path string, v any) simReply {
	a.t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		a.t.Fatal(err)
	}
	return a.do(method, path, string(b), "Content-Type", "application/json")
}

// data returns the simReply's data[] as objects.
func (r simReply) data(t testing.TB) []map[string]any {
	t.Helper()
	raw, ok := r.body["data"].([]any)
	if !ok {
		t.Fatalf("simReply (HTTP %d) has no data[]: %v", r.status, r.body)
	}
	out := make([]map[string]any, len(raw))
	for i, x := range raw {
		out[i] = x.(map[string]any)
	}
	return out
}

func (r simReply) info(t testing.TB) map[string]any {
	t.Helper()
	i, ok := r.body["info"].(map[string]any)
	if !ok {
		t.Fatalf("simReply (HTTP %d) has no info: %v", r.status, r.body)
	}
	return i
}

// wantStatus fails unless the simReply has status and, for errors, code.
func (r simReply) want(t testing.TB, status int, code string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("HTTP %d, want %d: %v", r.status, status, r.body)
	}
	if code != "" && r.body["code"] != code {
		t.Fatalf("code %v, want %s: %v", r.body["code"], code, r.body)
	}
}

func details(m map[string]any) map[string]any {
	d, _ := m["details"].(map[string]any)
	return d
}

// createLeads inserts leads named by lastNames and returns their ids.
func (a *api) createLeads(lastNames ...string) []string {
	a.t.Helper()
	var data []any
	for _, n := range lastNames {
		data = append(data, map[string]any{"Last_Name": n, "Company": n + " Co"})
	}
	r := a.write("POST", "/Leads", map[string]any{"data": data})
	r.want(a.t, http.StatusCreated, "")
	var ids []string
	for _, d := range r.data(a.t) {
		ids = append(ids, details(d)["id"].(string))
	}
	return ids
}
