package crmsim_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zcrmrun/zcrmrun/crmsim"
)

// receiver is a notify_url: it records each POSTed notification and
// answers the status statusFor gives (200 when nil).
type receiver struct {
	srv       *httptest.Server
	got       chan map[string]any
	statusFor func(n int64) int
	n         atomic.Int64
}

func newReceiver(t *testing.T, statusFor func(n int64) int) *receiver {
	rc := &receiver{got: make(chan map[string]any, 100), statusFor: statusFor}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := rc.n.Add(1)
		status := http.StatusOK
		if rc.statusFor != nil {
			status = rc.statusFor(n)
		}
		b, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodPost || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			t.Errorf("notification sent as %s %s", r.Method, r.Header.Get("Content-Type"))
		}
		w.WriteHeader(status)
		if status/100 == 2 {
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				t.Errorf("notification is not JSON: %q", b)
			}
			rc.got <- m
		}
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) next(t *testing.T) map[string]any {
	t.Helper()
	select {
	case m := <-rc.got:
		return m
	case <-time.After(5 * time.Second):
		t.Fatal("no notification arrived")
		return nil
	}
}

func watchBody(channel any, url string, events []string, extra map[string]any) map[string]any {
	w := map[string]any{"channel_id": channel, "notify_url": url, "events": events}
	for k, v := range extra {
		w[k] = v
	}
	return map[string]any{"watch": []any{w}}
}

// A channel enabled on actions/watch receives Zoho's payload for creates,
// edits and deletes of its module (shape: the Zoho docs' notification
// body, as a Zoho webhook receiver such as amp-labs/connectors parses it).
func TestWatchDeliversRecordChanges(t *testing.T) {
	a := startSim(t, smallSeed, crmsim.Options{})
	rc := newReceiver(t, nil)
	r := a.write("POST", "/crm/v8/actions/watch", watchBody(1000000068001, rc.srv.URL+"/hook?key1=val1",
		[]string{"Leads.create", "Leads.edit", "Leads.delete"}, map[string]any{"token": "TOKEN_FOR_VERIFICATION_OF_1000000068001"}))
	r.want(t, http.StatusCreated, "")
	res := r.body["watch"].([]any)[0].(map[string]any)
	if res["code"] != "SUCCESS" || res["message"] != "Successfully subscribed for actions-watch of the given module" {
		t.Fatalf("enable answered %v", res)
	}
	ev := details(res)["events"].([]any)[0].(map[string]any)
	if ev["resource_name"] != "Leads" || ev["channel_id"] != "1000000068001" || ev["channel_expiry"] == nil {
		t.Fatalf("enable details %v", ev)
	}

	ids := a.createLeads("Watched")
	n := rc.next(t)
	if n["operation"] != "insert" || n["module"] != "Leads" || n["channel_id"] != "1000000068001" ||
		n["token"] != "TOKEN_FOR_VERIFICATION_OF_1000000068001" || n["resource_uri"] != a.srv.URL()+"/crm/v2/Leads" {
		t.Fatalf("insert notification %v", n)
	}
	if got := n["ids"].([]any); len(got) != 1 || got[0] != ids[0] {
		t.Fatalf("ids %v, want [%s] as strings", got, ids[0])
	}
	if qp := n["query_params"].(map[string]any); qp["key1"] != "val1" {
		t.Fatalf("query_params %v", qp)
	}
	if _, ok := n["server_time"].(float64); !ok {
		t.Fatalf("server_time %v is not epoch ms", n["server_time"])
	}

	a.write("PUT", "/Leads", map[string]any{"data": []any{map[string]any{"id": ids[0], "Company": "Edited"}}}).want(t, 200, "")
	n = rc.next(t)
	if n["operation"] != "update" {
		t.Fatalf("edit notification %v", n)
	}
	af := n["affected_fields"].([]any)[0].(map[string]any)
	if fields := af[ids[0]].([]any); len(fields) != 1 || fields[0] != "Company" {
		t.Fatalf("affected_fields %v", n["affected_fields"])
	}

	a.do("DELETE", "/Leads?ids="+ids[0], "").want(t, 200, "")
	if n = rc.next(t); n["operation"] != "delete" {
		t.Fatalf("delete notification %v", n)
	}

	// Other modules are not watched.
	a.write("POST", "/Contacts", map[string]any{"data": []any{map[string]any{"Last_Name": "Quiet"}}})
	a.do("DELETE", "/crm/v2/actions/watch?channel_ids=1000000068001", "").want(t, 200, "")
	a.createLeads("Unwatched")
	select {
	case m := <-rc.got:
		t.Fatalf("notification after disable or for an unwatched module: %v", m)
	case <-time.After(100 * time.Millisecond):
	}
}

// A delivery answered 5xx is retried on the emulator's schedule.
func TestWatchRetriesFailedDelivery(t *testing.T) {
	a := startSim(t, smallSeed, crmsim.Options{NotifyRetries: []time.Duration{time.Millisecond, time.Millisecond}})
	rc := newReceiver(t, func(n int64) int {
		if n < 3 {
			return http.StatusServiceUnavailable
		}
		return http.StatusOK
	})
	a.write("POST", "/actions/watch", watchBody("77", rc.srv.URL, []string{"Leads.all"}, nil)).want(t, http.StatusCreated, "")
	a.createLeads("Retried")
	if n := rc.next(t); n["operation"] != "insert" {
		t.Fatalf("notification %v", n)
	}
	if st := a.srv.NotifyStats(); st.Retried != 2 || rc.n.Load() != 3 {
		t.Fatalf("stats %+v after %d attempts, want 2 retries and 3 attempts", st, rc.n.Load())
	}
}

// Limits and expiry as Zoho documents them: a token of at most 50
// characters, notify_url and events mandatory, an expiry past the version's
// maximum (a day on v2, a week from v4) falls back to one hour; an expired
// channel is neither listed nor delivered to.
func TestWatchLimitsAndExpiry(t *testing.T) {
	clock := crmsim.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	a := startSim(t, smallSeed, crmsim.Options{Now: clock.Now, AccessTokenTTL: 24 * time.Hour})
	rc := newReceiver(t, nil)

	r := a.write("POST", "/actions/watch", watchBody("1", rc.srv.URL, []string{"Leads.all"}, map[string]any{"token": strings.Repeat("x", 51)}))
	r.want(t, http.StatusBadRequest, "")
	if e := r.body["watch"].([]any)[0].(map[string]any); e["code"] != "INVALID_DATA" || details(e)["api_name"] != "token" {
		t.Fatalf("51-character token answered %v", e)
	}
	r = a.write("POST", "/actions/watch", map[string]any{"watch": []any{map[string]any{"channel_id": "1", "events": []string{"Leads.all"}}}})
	if e := r.body["watch"].([]any)[0].(map[string]any); e["code"] != "MANDATORY_NOT_FOUND" || details(e)["api_name"] != "notify_url" {
		t.Fatalf("no notify_url answered %v", e)
	}
	r = a.write("POST", "/actions/watch", watchBody("1", rc.srv.URL, []string{"Leads.explode"}, nil))
	if e := r.body["watch"].([]any)[0].(map[string]any); e["code"] != "INVALID_DATA" || details(e)["api_name"] != "events" {
		t.Fatalf("bad event answered %v", e)
	}

	expiry := func(r simReply) time.Time {
		t.Helper()
		e := r.body["watch"].([]any)[0].(map[string]any)
		ts, err := time.Parse(time.RFC3339, details(e)["events"].([]any)[0].(map[string]any)["channel_expiry"].(string))
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	now := clock.Now()
	twoDays := now.Add(48 * time.Hour).Format(time.RFC3339)
	if got := expiry(a.write("POST", "/crm/v2/actions/watch", watchBody("2", rc.srv.URL, []string{"Leads.all"}, map[string]any{"channel_expiry": twoDays}))); !got.Equal(now.Add(time.Hour)) {
		t.Fatalf("v2 expiry two days ahead became %v, want the one-hour default", got)
	}
	if got := expiry(a.write("POST", "/crm/v8/actions/watch", watchBody("3", rc.srv.URL, []string{"Leads.all"}, map[string]any{"channel_expiry": twoDays}))); !got.Equal(now.Add(48 * time.Hour)) {
		t.Fatalf("v8 expiry two days ahead became %v", got)
	}
	if got := expiry(a.write("POST", "/actions/watch", watchBody("4", rc.srv.URL, []string{"Deals.create"}, nil))); !got.Equal(now.Add(time.Hour)) {
		t.Fatalf("default expiry %v, want one hour", got)
	}

	// PATCH merges: a new token, the events kept.
	r = a.write("PATCH", "/actions/watch", map[string]any{"watch": []any{map[string]any{"channel_id": "4", "token": "t2"}}})
	r.want(t, http.StatusOK, "")
	g := a.do("GET", "/actions/watch?channel_id=4", "")
	g.want(t, http.StatusOK, "")
	w := g.body["watch"].([]any)[0].(map[string]any)
	if w["token"] != "t2" || w["events"].([]any)[0] != "Deals.create" || w["notify_url"] != rc.srv.URL {
		t.Fatalf("after PATCH: %v", w)
	}
	r = a.write("PATCH", "/actions/watch", map[string]any{"watch": []any{map[string]any{"channel_id": "999", "token": "t2"}}})
	if e := r.body["watch"].([]any)[0].(map[string]any); e["code"] != "NOT_SUBSCRIBED" {
		t.Fatalf("PATCH of an unknown channel answered %v", e)
	}

	clock.Advance(2 * time.Hour) // channels 2 and 4 expire; 3 lives on
	g = a.do("GET", "/actions/watch", "")
	g.want(t, http.StatusOK, "")
	if list := g.body["watch"].([]any); len(list) != 1 || list[0].(map[string]any)["channel_id"] != "3" {
		t.Fatalf("after expiry GET lists %v", list)
	}
	a.do("DELETE", "/actions/watch?channel_ids=3", "").want(t, http.StatusOK, "")
	a.do("GET", "/actions/watch", "").want(t, http.StatusNoContent, "")
}
