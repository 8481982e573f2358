package serve_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zcrmrun/zcrmrun/crm"
	"github.com/zcrmrun/zcrmrun/crmsim"
	"github.com/zcrmrun/zcrmrun/serve"
	"github.com/zcrmrun/zcrmrun/session"
)

var smallSeed = crmsim.SeedCounts{Leads: 5, Contacts: 5, Accounts: 5, Deals: 5}

// handlerDir writes scripts (name -> source) into a fresh folder.
func handlerDir(t *testing.T, scripts map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range scripts {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

type fixture struct {
	sb   *session.Sandbox
	crm  *crm.Client
	srv  *serve.Server
	http *httptest.Server
	runs chan map[string]any
}

// start runs a Server on loopback over the handlers in dir, its runs
// reported on f.runs, subscribed to a sandbox emulator through Zoho's
// actions/watch.
func start(t *testing.T, dir string, opts serve.Options) *fixture {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	sb, err := session.StartSandboxWith(ctx, session.SandboxOptions{Seed: &smallSeed})
	if err != nil {
		t.Fatal(err)
	}
	handlers, err := serve.Scan([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{sb: sb, crm: sb.Session("").CRM(), runs: make(chan map[string]any, 100)}
	opts.Handlers = handlers
	if opts.Run == nil {
		opts.Run = func(_ context.Context, path string, event map[string]any) error {
			event["script"] = filepath.Base(path)
			f.runs <- event
			return nil
		}
	}
	f.srv = serve.New(opts)
	f.http = httptest.NewServer(f.srv.Handler())
	f.srv.Start(ctx)
	t.Cleanup(func() {
		cancel()
		f.srv.Wait()
		f.http.Close()
		sb.Close()
	})
	if err := f.srv.Subscribe(ctx, serve.ZohoWatcher{Client: f.crm}, f.http.URL+serve.NotifyPath, ""); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) createLead(t *testing.T, name string) string {
	t.Helper()
	resp, err := f.crm.Do(t.Context(), crm.Request{Method: "POST", Path: "/Leads",
		Body: map[string]any{"data": []any{map[string]any{"Last_Name": name, "Company": name + " Co"}}}})
	if err != nil {
		t.Fatal(err)
	}
	var reply struct {
		Data []struct {
			Details struct {
				ID string `json:"id"`
			} `json:"details"`
		} `json:"data"`
	}
	if err := json.Unmarshal(resp.Body, &reply); err != nil || len(reply.Data) != 1 {
		t.Fatalf("create answered %s", resp.Body)
	}
	return reply.Data[0].Details.ID
}

func (f *fixture) nextRun(t *testing.T) map[string]any {
	t.Helper()
	select {
	case ev := <-f.runs:
		return ev
	case <-time.After(5 * time.Second):
		t.Fatal("no handler ran")
		return nil
	}
}

func (f *fixture) noRun(t *testing.T) {
	t.Helper()
	select {
	case ev := <-f.runs:
		t.Fatalf("a handler ran: %v", ev)
	default:
	}
}

// post sends a notification body straight to the server.
func (f *fixture) post(t *testing.T, body string) int {
	t.Helper()
	resp, err := http.Post(f.http.URL+serve.NotifyPath, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func notification(ch *serve.Channel, token string) string {
	b, _ := json.Marshal(map[string]any{"server_time": 1750102639787, "query_params": map[string]any{}, "module": "Leads",
		"resource_uri": "x", "ids": []string{"6756839000000575405"}, "operation": "insert", "channel_id": ch.ID, "token": token})
	return string(b)
}

// A Lead created through the emulator's API reaches the handler that
// declared Leads.create, as the event table's fields; the handler for
// Deals does not run.
func TestLeadCreateReachesHandler(t *testing.T) {
	dir := handlerDir(t, map[string]string{
		"leads.lua": "-- Tags new leads.\n-- on: Leads.create, Leads.edit\nprint(event.module)\n",
		"deals.lua": "-- on: Deals.all\n",
		"lib.lua":   "return {}\n",
	})
	f := start(t, dir, serve.Options{})
	if n := len(f.srv.Channels()); n != 2 {
		t.Fatalf("%d channels, want one per event set (2)", n)
	}
	id := f.createLead(t, "Evented")
	ev := f.nextRun(t)
	if ev["script"] != "leads.lua" || ev["module"] != "Leads" || ev["operation"] != "create" {
		t.Fatalf("run %v", ev)
	}
	if ids := ev["ids"].([]any); len(ids) != 1 || ids[0] != id {
		t.Fatalf("ids %v, want [%q]", ev["ids"], id)
	}
	var leadsChannel *serve.Channel
	for _, ch := range f.srv.Channels() {
		if ch.Handlers[0].Path == filepath.Join(dir, "leads.lua") {
			leadsChannel = ch
		}
	}
	if ev["channel"] != leadsChannel.ID || ev["server_time"].(float64) <= 0 {
		t.Fatalf("channel %v server_time %v", ev["channel"], ev["server_time"])
	}
	f.noRun(t)
}

// A forged token, an unknown channel, a malformed body and an oversized
// one are refused with their status and run nothing.
func TestBadDeliveriesRunNothing(t *testing.T) {
	f := start(t, handlerDir(t, map[string]string{"h.lua": "-- on: Leads.all\n"}), serve.Options{})
	ch := f.srv.Channels()[0]
	if got := f.post(t, notification(ch, "forged")); got != http.StatusUnauthorized {
		t.Fatalf("forged token answered %d, want 401", got)
	}
	other := *ch
	other.ID = "12345"
	if got := f.post(t, notification(&other, ch.Token)); got != http.StatusUnauthorized {
		t.Fatalf("unknown channel answered %d, want 401", got)
	}
	if got := f.post(t, "{not json"); got != http.StatusBadRequest {
		t.Fatalf("malformed body answered %d, want 400", got)
	}
	if got := f.post(t, `{"ids":["`+strings.Repeat("9", serve.MaxBody)+`"]}`); got != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized body answered %d, want 413", got)
	}
	f.noRun(t)
	if got := f.post(t, notification(ch, ch.Token)); got != http.StatusOK {
		t.Fatalf("good delivery answered %d", got)
	}
	f.nextRun(t)
}

// With the one worker busy and the queue full, a delivery is answered
// 503 (Zoho delivers it again later) and queues nothing.
func TestFullQueueAnswers503(t *testing.T) {
	started, release := make(chan struct{}, 10), make(chan struct{})
	var runs atomic.Int32
	f := start(t, handlerDir(t, map[string]string{"h.lua": "-- on: Leads.create\n"}), serve.Options{Workers: 1, Queue: 1,
		Run: func(ctx context.Context, _ string, _ map[string]any) error {
			runs.Add(1)
			started <- struct{}{}
			select {
			case <-release:
			case <-ctx.Done():
			}
			return nil
		}})
	ch := f.srv.Channels()[0]
	if got := f.post(t, notification(ch, ch.Token)); got != http.StatusOK {
		t.Fatalf("first delivery %d", got)
	}
	<-started // the worker is busy
	if got := f.post(t, notification(ch, ch.Token)); got != http.StatusOK {
		t.Fatalf("second delivery (queued) %d", got)
	}
	if got := f.post(t, notification(ch, ch.Token)); got != http.StatusServiceUnavailable {
		t.Fatalf("third delivery answered %d, want 503", got)
	}
	close(release)
	<-started
	if n := runs.Load(); n != 2 {
		t.Fatalf("%d runs, want 2", n)
	}
	resp, err := http.Get(f.http.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	for _, want := range []string{"# TYPE zcrmrun_serve_deliveries_total counter", `zcrmrun_serve_deliveries_total{status="503"} 1`, `zcrmrun_serve_deliveries_total{status="200"} 2`} {
		if !strings.Contains(b.String(), want) {
			t.Fatalf("/metrics lacks %q:\n%s", want, b.String())
		}
	}
}

// A failing handler is rerun with backoff, then reported; one that
// recovers stops being rerun.
func TestFailedHandlerIsRetried(t *testing.T) {
	var calls atomic.Int32
	done := make(chan struct{}, 1)
	f := start(t, handlerDir(t, map[string]string{"h.lua": "-- on: Leads.create\n"}), serve.Options{Retries: 2, Backoff: time.Millisecond,
		Run: func(context.Context, string, map[string]any) error {
			if calls.Add(1) == 3 {
				done <- struct{}{}
			}
			return errors.New("h.lua:3: boom")
		}})
	f.createLead(t, "Failing")
	<-done
	if n := calls.Load(); n != 3 {
		t.Fatalf("%d runs, want 1 + 2 reruns", n)
	}
}
