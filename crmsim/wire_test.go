package crmsim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

var smallSeed = SeedCounts{Leads: 30, Contacts: 10, Accounts: 5, Deals: 5}

// startSeeded starts a small seeded emulator on loopback and returns it
// with a live access token.
func startSeeded(t *testing.T) (*Server, string) {
	t.Helper()
	srv := New(Options{})
	srv.Seed(smallSeed)
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	tok := exchange(t, http.DefaultClient, srv)
	return srv, tok["access_token"]
}

// exchange registers a client, mints a grant code and exchanges it over
// HTTP, returning the token reply plus client_id and client_secret.
func exchange(t *testing.T, hc *http.Client, srv *Server) map[string]string {
	t.Helper()
	id, secret := srv.RegisterClient()
	code, err := srv.GrantCode(id, "", "")
	if err != nil {
		t.Fatal(err)
	}
	tok := postToken(t, hc, srv.URL(), url.Values{"grant_type": {"authorization_code"}, "client_id": {id}, "client_secret": {secret}, "code": {code}})
	if tok["access_token"] == "" {
		t.Fatalf("grant exchange: %v", tok)
	}
	tok["client_id"], tok["client_secret"] = id, secret
	return tok
}

func postToken(t *testing.T, hc *http.Client, base string, form url.Values) map[string]string {
	t.Helper()
	resp, err := hc.PostForm(base+"/oauth/v2/token", form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var raw map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&raw); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for k, v := range raw {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	return out
}

// rawGET sends path+query exactly as given, as a careless client would.
func rawGET(t *testing.T, srv *Server, token, pathAndQuery string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL(), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.URL.Opaque = "" // keep the raw query byte for byte
	p, q, _ := strings.Cut(pathAndQuery, "?")
	req.URL.Path, req.URL.RawQuery = p, q
	req.Header.Set("Authorization", "Zoho-oauthtoken "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body
}

func dataIDs(body map[string]any) []string {
	data, _ := body["data"].([]any)
	ids := make([]string, 0, len(data))
	for _, d := range data {
		ids = append(ids, d.(map[string]any)["id"].(string))
	}
	return ids
}

func TestLenientQueryParsing(t *testing.T) {
	cases := []struct {
		raw  string
		want url.Values
	}{
		{"per_page=5&page=1&", url.Values{"per_page": {"5"}, "page": {"1"}}},
		{"&&a=1&&", url.Values{"a": {"1"}}},
		{"module=undefined&type=AllUsers&", url.Values{"type": {"AllUsers"}}},
		{"criteria=(Email:equals:a=b)&", url.Values{"criteria": {"(Email:equals:a=b)"}}},
		{"word=100%&x=a%20b", url.Values{"word": {"100%"}, "x": {"a b"}}},
		{"word=r&d;co&fields=Last_Name,Email", url.Values{"word": {"r"}, "d;co": {""}, "fields": {"Last_Name,Email"}}},
		{"empty=&=orphan&page=2", url.Values{"empty": {""}, "page": {"2"}}},
		{"criteria=(Last_Name:equals:O'Brien)", url.Values{"criteria": {"(Last_Name:equals:O'Brien)"}}},
	}
	for _, c := range cases {
		if got := lenientQuery(c.raw); !reflect.DeepEqual(got, c.want) {
			t.Errorf("lenientQuery(%q) = %v, want %v", c.raw, got, c.want)
		}
	}
}

// TestSeedSDKQueryStrings sends list requests the way zcrmsdk 0.0.20 and
// 1.1.0 write them: unencoded values, a trailing '&', module=undefined.
func TestSeedSDKQueryStrings(t *testing.T) {
	srv, tok := startSeeded(t)
	leads := srv.Records("Leads")
	status, body := rawGET(t, srv, tok, "/crm/v2/Leads?page=1&per_page=3&")
	if status != http.StatusOK || !reflect.DeepEqual(dataIDs(body), []string{leads[0]["id"].(string), leads[1]["id"].(string), leads[2]["id"].(string)}) {
		t.Fatalf("trailing &: HTTP %d %v", status, dataIDs(body))
	}
	id := leads[4]["id"].(string)
	status, body = rawGET(t, srv, tok, "/crm/v2/Leads?ids="+id+"&fields=Last_Name,Email&module=undefined&")
	if status != http.StatusOK || !reflect.DeepEqual(dataIDs(body), []string{id}) {
		t.Fatalf("ids with module=undefined: HTTP %d %v", status, body)
	}
	rec := body["data"].([]any)[0].(map[string]any)
	if _, ok := rec["Company"]; ok || rec["Email"] != leads[4]["Email"] {
		t.Errorf("fields=Last_Name,Email not applied: %v", rec)
	}
	// A stray '%' is not valid percent-encoding; Zoho still answers.
	if status, body = rawGET(t, srv, tok, "/crm/v2/Leads?per_page=1&sort_by=Last_Name&sort_order=asc&note=100%&"); status != http.StatusOK || len(dataIDs(body)) != 1 {
		t.Errorf("stray %%: HTTP %d %v", status, body)
	}
}

func TestVersionAliases(t *testing.T) {
	srv, tok := startSeeded(t)
	_, v2 := rawGET(t, srv, tok, "/crm/v2/Leads?per_page=2")
	for _, p := range []string{"/crm/v2.1/Leads?per_page=2", "/crm/v3/Leads?per_page=2"} {
		status, body := rawGET(t, srv, tok, p)
		if status != http.StatusOK || !reflect.DeepEqual(dataIDs(body), dataIDs(v2)) {
			t.Errorf("%s: HTTP %d %v, want the v2 answer %v", p, status, dataIDs(body), dataIDs(v2))
		}
	}
	if status, _ := rawGET(t, srv, tok, "/crm/v2.1/settings/modules"); status != http.StatusOK {
		t.Errorf("/crm/v2.1/settings/modules: HTTP %d", status)
	}
	if status, body := rawGET(t, srv, tok, "/crm/vx/Leads"); status != http.StatusNotFound || body["code"] != "INVALID_URL_PATTERN" {
		t.Errorf("/crm/vx/Leads: HTTP %d %v, want 404 INVALID_URL_PATTERN", status, body)
	}
}

// TestJSONBodyWithoutContentType posts bodies over real HTTP through the
// same middleware the CRM routes use, to a handler that reads them with
// decodeJSONBody as record handlers do.
func TestJSONBodyWithoutContentType(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /crm/v2/{module}", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Data []map[string]any `json:"data"`
		}
		if err := decodeJSONBody(r, &body); err != nil {
			writeBodyError(w, err)
			return
		}
		reply := map[string]any{"got": body.Data, "content_type": r.Header.Get("Content-Type")}
		if len(body.Data) > 0 {
			reply["amount_text"] = fmt.Sprint(body.Data[0]["Amount"]) // exact only if decoded as json.Number
		}
		writeJSON(w, http.StatusCreated, reply)
	})
	hs := httptest.NewServer(lenient(mux))
	defer hs.Close()
	post := func(ct, body string) (int, map[string]any) {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, hs.URL+"/crm/v2/Leads", strings.NewReader(body))
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	for _, ct := range []string{"", "application/json", "application/json;charset=UTF-8", "text/plain"} {
		status, out := post(ct, "\n  {\"data\":[{\"Last_Name\":\"Nakamura\",\"Amount\":5725767000000002106}]}")
		got, _ := out["got"].([]any)
		if status != http.StatusCreated || len(got) != 1 || got[0].(map[string]any)["Last_Name"] != "Nakamura" {
			t.Errorf("Content-Type %q: HTTP %d %v", ct, status, out)
		} else if out["amount_text"] != "5725767000000002106" {
			t.Errorf("Content-Type %q: a 19-digit number was rounded to %v", ct, out["amount_text"])
		}
	}
	if _, out := post("", `{"data":[]}`); out["content_type"] != "application/json" {
		t.Errorf("a JSON body with no Content-Type is not labelled for later handlers: %v", out)
	}
	// curl -d @lead.json, as Zoho's samples call the API, labels JSON as a form.
	if status, out := post("application/x-www-form-urlencoded", `{"data":[{"Last_Name":"Curl"}]}`); status != http.StatusCreated || out["content_type"] != "application/json" {
		t.Errorf("JSON labelled as a form (curl -d): HTTP %d %v, want it read as JSON", status, out)
	}
	if status, out := post("application/x-www-form-urlencoded", "data=1"); status != http.StatusBadRequest || out["code"] != "INVALID_DATA" {
		t.Errorf("form body: HTTP %d %v, want 400 INVALID_DATA", status, out)
	}
	if status, out := post("", "{not json"); status != http.StatusBadRequest || out["code"] != "INVALID_DATA" {
		t.Errorf("broken JSON: HTTP %d %v, want 400 INVALID_DATA", status, out)
	}
	if status, out := post("", ""); status != http.StatusBadRequest || out["message"] != "body is empty" {
		t.Errorf("empty body: HTTP %d %v", status, out)
	}
}

func TestSettingsFieldsForNodeSDK(t *testing.T) {
	srv, tok := startSeeded(t)
	status, body := rawGET(t, srv, tok, "/crm/v2/settings/fields?module=Contacts&")
	if status != http.StatusOK {
		t.Fatalf("HTTP %d %v", status, body)
	}
	var lookup map[string]any
	for _, f := range body["fields"].([]any) {
		f := f.(map[string]any)
		if f["id"] == nil || f["data_type"] == nil || f["pick_list_values"] == nil {
			t.Errorf("field lacks id, data_type or pick_list_values: %v", f)
		}
		if f["api_name"] == "Account_Name" {
			lookup, _ = f["lookup"].(map[string]any)
		}
	}
	if lookup == nil || lookup["module"] != "Accounts" {
		t.Errorf("Contacts.Account_Name lookup = %v, want module Accounts", lookup)
	}
	if status, body := rawGET(t, srv, tok, "/crm/v2/settings/fields?module=undefined&"); status != http.StatusBadRequest || body["code"] != "REQUIRED_PARAM_MISSING" {
		t.Errorf("module=undefined: HTTP %d %v", status, body)
	}
	if status, body := rawGET(t, srv, tok, "/crm/v2/settings/fields?module=Nope"); status != http.StatusBadRequest || body["code"] != "INVALID_MODULE" {
		t.Errorf("unknown module: HTTP %d %v", status, body)
	}
}
