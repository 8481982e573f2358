package crmsim_test

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/zcrmrun/zcrmrun/crmsim"
)

// JSON replies are gzipped for clients that accept it and only for them.
func TestRepliesAreGzippedWhenAsked(t *testing.T) {
	a := startSim(t, smallSeed, crmsim.Options{})
	get := func(path, accept string) *http.Response {
		req, _ := http.NewRequestWithContext(t.Context(), "GET", a.srv.URL()+"/crm/v2"+path, nil)
		req.Header.Set("Authorization", "Zoho-oauthtoken "+a.token)
		if accept != "" {
			req.Header.Set("Accept-Encoding", accept)
		}
		// A bare transport: http.Client would ask for gzip and undo it itself.
		resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}

	resp := get("/Leads?per_page=5", "gzip, deflate")
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding %q, want gzip", resp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var page struct {
		Data []map[string]any `json:"data"`
	}
	if err := json.NewDecoder(zr).Decode(&page); err != nil || len(page.Data) != 5 {
		t.Fatalf("gunzipped page: %d records, %v", len(page.Data), err)
	}

	resp = get("/Leads?per_page=5", "")
	b, _ := io.ReadAll(resp.Body)
	if resp.Header.Get("Content-Encoding") != "" || !json.Valid(b) {
		t.Errorf("without Accept-Encoding: Content-Encoding %q, body %.40q", resp.Header.Get("Content-Encoding"), b)
	}

	resp = get("/Leads?page=5&per_page=20", "gzip") // past the 60 seeded Leads
	if resp.StatusCode != http.StatusNoContent || resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("past the end: status %d, Content-Encoding %q; want 204 and none", resp.StatusCode, resp.Header.Get("Content-Encoding"))
	}
}
