package crmsim

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func asJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestStateRoundTrip(t *testing.T) {
	srv, _ := startSeeded(t)
	tok := exchange(t, http.DefaultClient, srv)
	// A record with the values that are easy to lose: null, an empty array,
	// an empty object, nesting and non-ASCII text.
	srv.mu.Lock()
	odd := record{"id": srv.crm.newID(), "Last_Name": "Wójcik", "Description": nil, "Tag": []any{}, "Custom": map[string]any{},
		"Owner": map[string]any{"name": "Ana Souza", "id": "5725767000000000003"},
		"Big":   int64(5725767000000002106), "Ratio": 0.25, "Nested": map[string]any{"n": []any{int64(1), 2.5}}}
	srv.crm.module("Leads").insert(odd)
	srv.mu.Unlock()
	srv.SetMeta("sandbox.client_id", tok["client_id"])

	path := filepath.Join(t.TempDir(), "state.json")
	if err := srv.SaveState(path); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("state file: %v, want mode 0600", err)
	}

	back := New(Options{})
	if err := back.LoadState(path); err != nil {
		t.Fatal(err)
	}
	if err := back.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	for _, m := range []string{"Leads", "Contacts", "Accounts", "Deals", "Tasks"} {
		if got, want := asJSON(t, back.Records(m)), asJSON(t, srv.Records(m)); got != want {
			t.Errorf("%s records differ after a round trip", m)
		}
	}
	var restored record
	for _, r := range back.Records("Leads") {
		if r["id"] == odd["id"] {
			restored = r
		}
	}
	if restored["Big"] != int64(5725767000000002106) || restored["Ratio"] != 0.25 {
		t.Errorf("numbers after a round trip: Big %#v Ratio %#v", restored["Big"], restored["Ratio"])
	}
	if got := back.Meta("sandbox.client_id"); got != tok["client_id"] {
		t.Errorf("meta: %q, want %q", got, tok["client_id"])
	}
	// The client, its refresh token and its access token still work.
	if secret, ok := back.ClientSecret(tok["client_id"]); !ok || secret != tok["client_secret"] {
		t.Fatal("the client was not restored")
	}
	refreshed := postToken(t, http.DefaultClient, back.URL(), url.Values{"grant_type": {"refresh_token"}, "client_id": {tok["client_id"]},
		"client_secret": {tok["client_secret"]}, "refresh_token": {tok["refresh_token"]}})
	if refreshed["access_token"] == "" {
		t.Fatalf("refresh after restore: %v", refreshed)
	}
	status, body := rawGET(t, back, tok["access_token"], "/crm/v2/Leads?ids="+odd["id"].(string))
	if status != http.StatusOK || len(dataIDs(body)) != 1 {
		t.Fatalf("the access token from before the restart or the odd record is gone: HTTP %d %v", status, body)
	}
	// New ids continue after the restored ones instead of reusing them.
	srv.mu.Lock()
	next := srv.crm.newID()
	srv.mu.Unlock()
	back.mu.Lock()
	if got := back.crm.newID(); got != next {
		t.Errorf("next id after restore %s, want %s", got, next)
	}
	back.mu.Unlock()
	// The users come back with their ids, so Owner references stay valid.
	back.mu.Lock()
	u := back.crm.findUser("ana@zylker.example")
	back.mu.Unlock()
	if u == nil || u.id != "5725767000000000003" || u.fullName != "Ana Souza" {
		t.Errorf("user after restore: %+v", u)
	}
}

func TestLoadStateErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "none.json")
	if err := New(Options{}).LoadState(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v, want os.ErrNotExist", err)
	}
	for name, content := range map[string]string{
		"garbage.json":   "{ this is not json",
		"version.json":   `{"crmsim_state_version": 99}`,
		"truncated.json": `{"crmsim_state_version": 1, "modules": [{"api_name": "Leads", "records": [{"Last_Name": "x"}]}]}`,
	} {
		path := filepath.Join(dir, name)
		os.WriteFile(path, []byte(content), 0o600)
		srv := New(Options{})
		srv.Seed(SeedCounts{Leads: 2})
		err := srv.LoadState(path)
		if err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: %v, want an error naming the file", name, err)
		}
		if n := len(srv.Records("Leads")); n != 2 {
			t.Errorf("%s: a failed load changed the emulator (%d Leads)", name, n)
		}
	}
}

// Persist writes the state a last time on Close, so what a client did just
// before shutdown survives.
func TestPersistSavesOnClose(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	srv := New(Options{})
	srv.Seed(smallSeed)
	srv.Persist(path, time.Hour) // only the final save can run in this test
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	id, _, err := Console{URL: srv.URL()}.SelfClient(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	back := New(Options{})
	if err := back.LoadState(path); err != nil {
		t.Fatal(err)
	}
	if _, ok := back.ClientSecret(id); !ok {
		t.Error("the client registered before Close was not saved")
	}
	if got, want := len(back.Records("Leads")), smallSeed.Leads; got != want {
		t.Errorf("%d Leads after reload, want %d", got, want)
	}
}
