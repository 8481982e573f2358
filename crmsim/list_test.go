package crmsim

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"
)

// testServer starts a seeded emulator and returns it with a live access token.
func testServer(t *testing.T, opts Options) (*Server, string) {
	t.Helper()
	s := New(opts)
	s.Seed(DefaultSeed)
	if err := s.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	id, secret := s.RegisterClient()
	code, err := s.GrantCode(id, "", "")
	if err != nil {
		t.Fatal(err)
	}
	var tok map[string]any
	postForm(t, s.URL()+"/oauth/v2/token", url.Values{"grant_type": {"authorization_code"}, "code": {code},
		"client_id": {id}, "client_secret": {secret}}, &tok)
	at, _ := tok["access_token"].(string)
	if at == "" {
		t.Fatalf("no access token: %v", tok)
	}
	return s, at
}

func postForm(t *testing.T, u string, v url.Values, out any) int {
	t.Helper()
	resp, err := http.PostForm(u, v)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatalf("POST %s: reply is not JSON: %v", u, err)
	}
	return resp.StatusCode
}

type listReply struct {
	Data []map[string]any `json:"data"`
	Info struct {
		PerPage     int  `json:"per_page"`
		Count       int  `json:"count"`
		Page        int  `json:"page"`
		MoreRecords bool `json:"more_records"`
	} `json:"info"`
	Code    string         `json:"code"`
	Message string         `json:"message"`
	Status  string         `json:"status"`
	Details map[string]any `json:"details"`
}

func get(t *testing.T, s *Server, token, path string) (int, listReply, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", s.URL()+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Zoho-oauthtoken "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var r listReply
	if len(body) > 0 {
		if err := json.Unmarshal(body, &r); err != nil {
			t.Fatalf("GET %s: HTTP %d, body is not JSON: %q", path, resp.StatusCode, body)
		}
	}
	return resp.StatusCode, r, body
}

func TestListPagingFollowsZoho(t *testing.T) {
	s, tok := testServer(t, Options{})
	total := len(s.Records("Accounts"))

	status, r, _ := get(t, s, tok, "/crm/v2/Accounts?page=1&per_page=200")
	if status != 200 || r.Info.Count != 200 || !r.Info.MoreRecords || r.Info.PerPage != 200 || r.Info.Page != 1 {
		t.Errorf("page 1: HTTP %d info %+v", status, r.Info)
	}
	status, r, _ = get(t, s, tok, "/crm/v2/Accounts?page=2&per_page=200")
	if status != 200 || r.Info.Count != total-200 || r.Info.MoreRecords {
		t.Errorf("last page: HTTP %d info %+v, want count %d and no more records", status, r.Info, total-200)
	}
	status, _, body := get(t, s, tok, "/crm/v2/Accounts?page=3&per_page=200")
	if status != http.StatusNoContent || len(body) != 0 {
		t.Errorf("past the end: HTTP %d body %q, want 204 and no body", status, body)
	}
	_, r, _ = get(t, s, tok, "/crm/v2/Leads?per_page=500")
	if len(r.Data) != 200 || r.Info.PerPage != 200 {
		t.Errorf("per_page=500 gave %d records (per_page %d); Zoho caps pages at 200", len(r.Data), r.Info.PerPage)
	}
	status, r, _ = get(t, s, tok, "/crm/v2/Leads?page=10&per_page=200")
	if status != 200 || len(r.Data) != 200 {
		t.Errorf("records 1801-2000: HTTP %d, %d records", status, len(r.Data))
	}
	status, r, _ = get(t, s, tok, "/crm/v2/Leads?page=11&per_page=200")
	if status != 400 || r.Code != "DISCRETE_PAGINATION_LIMIT_EXCEEDED" || r.Status != "error" || r.Details["limit"] != float64(2000) {
		t.Errorf("past 2,000: HTTP %d %+v", status, r)
	}
}

func TestListFieldsSortAndIDs(t *testing.T) {
	s, tok := testServer(t, Options{})
	_, r, _ := get(t, s, tok, "/crm/v2/Leads?fields=Last_Name,Email&per_page=5&")
	for _, rec := range r.Data {
		if len(rec) != 3 || rec["id"] == nil || rec["Last_Name"] == nil || rec["Email"] == nil {
			t.Errorf("fields=Last_Name,Email gave %v", rec)
		}
		if id, ok := rec["id"].(string); !ok || len(id) != 19 {
			t.Errorf("id %v is not a 19-digit string", rec["id"])
		}
	}
	_, r, _ = get(t, s, tok, "/crm/v2/Leads?sort_by=Created_Time&sort_order=asc&per_page=200&page=3")
	for i := 1; i < len(r.Data); i++ {
		if r.Data[i-1]["Created_Time"].(string) > r.Data[i]["Created_Time"].(string) {
			t.Fatalf("not ascending at %d", i)
		}
	}
	want := s.Records("Leads")[42]["id"].(string)
	_, r, _ = get(t, s, tok, "/crm/v2/Leads?ids="+want)
	if len(r.Data) != 1 || r.Data[0]["id"] != want {
		t.Errorf("ids=%s gave %d records", want, len(r.Data))
	}
	status, r, _ := get(t, s, tok, "/crm/v2/Leads?sort_by=Nope")
	if status != 400 || r.Code != "INVALID_DATA" {
		t.Errorf("bad sort_by: HTTP %d %s", status, r.Code)
	}
	status, r, _ = get(t, s, tok, "/crm/v2/Widgets")
	if status != 400 || r.Code != "INVALID_MODULE" {
		t.Errorf("unknown module: HTTP %d %s", status, r.Code)
	}
}

func TestCRMNeedsAZohoOAuthToken(t *testing.T) {
	now := time.Now()
	clock := func() time.Time { return now }
	s, tok := testServer(t, Options{Now: func() time.Time { return clock() }})
	status, r, _ := get(t, s, "", "/crm/v2/Leads")
	if status != 401 || r.Code != "AUTHENTICATION_FAILURE" {
		t.Errorf("no header: HTTP %d %s", status, r.Code)
	}
	status, r, _ = get(t, s, "1000.bogus.token", "/crm/v2/Leads")
	if status != 401 || r.Code != "INVALID_TOKEN" || r.Message != "invalid oauth token" {
		t.Errorf("unknown token: HTTP %d %+v", status, r)
	}
	if status, _, _ := get(t, s, tok, "/crm/v2/Leads?per_page=1"); status != 200 {
		t.Fatalf("live token: HTTP %d", status)
	}
	now = now.Add(61 * time.Minute)
	if status, r, _ := get(t, s, tok, "/crm/v2/Leads?per_page=1"); status != 401 || r.Code != "INVALID_TOKEN" {
		t.Errorf("expired token: HTTP %d %s", status, r.Code)
	}
}

func TestTokenErrorsAreHTTP200(t *testing.T) {
	s, _ := testServer(t, Options{})
	id, secret := s.RegisterClient()
	code, _ := s.GrantCode(id, "", "")
	v := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "client_id": {id}, "client_secret": {secret}}
	var ok map[string]any
	if status := postForm(t, s.URL()+"/oauth/v2/token", v, &ok); status != 200 || ok["refresh_token"] == nil || ok["expires_in"] != float64(3600) || ok["api_domain"] != s.URL() {
		t.Fatalf("exchange: HTTP %d %v", status, ok)
	}
	cases := []struct {
		name string
		v    url.Values
		want string
	}{
		{"grant code used twice", v, "invalid_code"},
		{"unknown client", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"x"}, "client_id": {"nope"}, "client_secret": {secret}}, "invalid_client"},
		{"wrong secret", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"x"}, "client_id": {id}, "client_secret": {"wrong"}}, "invalid_client_secret"},
		{"unknown refresh token", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"1000.x.y"}, "client_id": {id}, "client_secret": {secret}}, "invalid_code"},
	}
	for _, tc := range cases {
		var r map[string]any
		if status := postForm(t, s.URL()+"/oauth/v2/token", tc.v, &r); status != 200 || r["error"] != tc.want || r["access_token"] != nil {
			t.Errorf("%s: HTTP %d %v, want 200 {error: %s}", tc.name, status, r, tc.want)
		}
	}
}

func TestSeedIsDeterministic(t *testing.T) {
	a, b := New(Options{}), New(Options{})
	a.Seed(DefaultSeed)
	b.Seed(DefaultSeed)
	la, lb := a.Records("Leads"), b.Records("Leads")
	if len(la) < 5000 || len(la) != len(lb) {
		t.Fatalf("seeded %d and %d Leads", len(la), len(lb))
	}
	for i := range la {
		if la[i]["id"] != lb[i]["id"] || la[i]["Full_Name"] != lb[i]["Full_Name"] || la[i]["Created_Time"] != lb[i]["Created_Time"] {
			t.Fatalf("lead %d differs between two seeds", i)
		}
	}
	for _, m := range []string{"Contacts", "Accounts", "Deals"} {
		if len(a.Records(m)) == 0 {
			t.Errorf("no %s seeded", m)
		}
	}
}
