package serve_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zcrmrun/zcrmrun/serve"
	"github.com/zcrmrun/zcrmrun/tokenstore"
	"github.com/zcrmrun/zcrmrun/tokenstore/mysqltest"
)

// fakeWatcher grants every expiry asked for.
type fakeWatcher struct{}

func (fakeWatcher) Enable(_ context.Context, _ *serve.Channel, _ string, exp time.Time) (time.Time, error) {
	return exp, nil
}
func (fakeWatcher) Disable(context.Context, []string) error { return nil }

// Two runners sharing one MariaDB (the mysql token store's server) and a
// [serve] secret share their channel; each delivery, sent to both as a
// load balancer retrying or Zoho duplicating would, runs its handler once.
func TestTwoRunnersSharingMySQLRunEachDeliveryOnce(t *testing.T) {
	dsn := mysqltest.DSN(t)
	dir := handlerDir(t, map[string]string{"h.lua": "-- on: Leads.create\n"})
	handlers, err := serve.Scan([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	var runs atomic.Int32
	var servers []*serve.Server
	var urls []string
	var channel *serve.Channel
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	for range 2 {
		store, err := tokenstore.NewMySQL(dsn, "")
		if err != nil {
			t.Fatal(err)
		}
		defer store.Close()
		srv := serve.New(serve.Options{Handlers: handlers, Claims: serve.LeaseClaims{Leases: store}, Workers: 4,
			Run: func(context.Context, string, map[string]any) error { runs.Add(1); return nil }})
		servers = append(servers, srv)
		if err := srv.Subscribe(ctx, fakeWatcher{}, "http://lb.example/notify", "a fleet secret of 16+ chars"); err != nil {
			t.Fatal(err)
		}
		srv.Start(ctx)
		t.Cleanup(srv.Wait) // after the deferred cancel
		hs := httptest.NewServer(srv.Handler())
		defer hs.Close()
		urls = append(urls, hs.URL)
		if channel != nil && srv.Channels()[0].ID != channel.ID {
			t.Fatal("runners with one secret derived different channels")
		}
		channel = srv.Channels()[0]
	}
	const deliveries = 20
	for i := range deliveries {
		b, _ := json.Marshal(map[string]any{"server_time": 1750102639787 + i, "module": "Leads", "ids": []string{"1"},
			"operation": "insert", "channel_id": channel.ID, "token": channel.Token})
		for _, u := range urls {
			resp, err := http.Post(u+serve.NotifyPath, "application/json", strings.NewReader(string(b)))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("delivery answered %d", resp.StatusCode)
			}
		}
	}
	// Every copy ends as a run or as a skipped duplicate; then count.
	counted := regexp.MustCompile(`zcrmrun_serve_runs_total\{result="(ok|duplicate)"\} (\d+)`)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		total := 0
		for _, srv := range servers {
			for _, m := range counted.FindAllStringSubmatch(metricsText(t, srv), -1) {
				n, _ := strconv.Atoi(m[2])
				total += n
			}
		}
		if total == 2*deliveries {
			break
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("only %d of %d copies were handled", total, 2*deliveries)
		}
	}
	if n := runs.Load(); n != deliveries {
		t.Fatalf("%d runs for %d deliveries sent to 2 runners", n, deliveries)
	}
	cancel() // before the deferred Waits
}
