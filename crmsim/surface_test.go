package crmsim

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"testing"
)

// surfaceSim is a small seeded emulator on loopback with a live access
// token, for the tests of COQL, notes, attachments, settings and functions.
type surfaceSim struct {
	srv   *Server
	token string
}

func startSurfaceSim(t *testing.T, opts Options) *surfaceSim {
	t.Helper()
	srv := New(opts)
	srv.Seed(SeedCounts{Leads: 450, Contacts: 40, Accounts: 15, Deals: 20})
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	id, secret := srv.RegisterClient()
	code, err := srv.GrantCode(id, "", "")
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.PostForm(srv.URL()+"/oauth/v2/token", url.Values{
		"client_id": {id}, "client_secret": {secret}, "code": {code}, "grant_type": {"authorization_code"}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("no access token: %v", err)
	}
	return &surfaceSim{srv: srv, token: tok.AccessToken}
}

// do sends a request to path (relative to /crm/v2) and returns status,
// headers and body.
func (s *surfaceSim) do(t *testing.T, method, path, contentType string, body io.Reader) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, s.srv.URL()+"/crm/v2"+path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Zoho-oauthtoken "+s.token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

// json sends v as a JSON body (no Content-Type, as the seed SDK does) and
// decodes the reply into a map; an empty reply gives nil.
func (s *surfaceSim) json(t *testing.T, method, path string, v any) (int, map[string]any) {
	t.Helper()
	var body io.Reader
	if v != nil {
		b, _ := json.Marshal(v)
		body = bytes.NewReader(b)
	}
	status, _, raw := s.do(t, method, path, "", body)
	if len(raw) == 0 {
		return status, nil
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s %s: reply is not JSON: %q", method, path, raw)
	}
	return status, out
}

// upload posts data as the multipart part "file" named name.
func (s *surfaceSim) upload(t *testing.T, path, name string, data []byte) (int, map[string]any) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	status, _, raw := s.do(t, http.MethodPost, path, mw.FormDataContentType(), &buf)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("upload %s: reply is not JSON: %q", path, raw)
	}
	return status, out
}

func firstData(t *testing.T, body map[string]any) map[string]any {
	t.Helper()
	data, _ := body["data"].([]any)
	if len(data) == 0 {
		t.Fatalf("no data in %v", body)
	}
	return data[0].(map[string]any)
}

func wantCode(t *testing.T, body map[string]any, code string) {
	t.Helper()
	if body["code"] != code {
		t.Fatalf("code = %v, want %s (body %v)", body["code"], code, body)
	}
}
