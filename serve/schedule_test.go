package serve_test

import (
	"context"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zcrmrun/zcrmrun/serve"
)

// fakeClock fires After channels only when Advance passes their deadline.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []waiter
	waiting chan struct{} // one send per After call
}

type waiter struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock(t time.Time) *fakeClock {
	return &fakeClock{now: t, waiting: make(chan struct{}, 100)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
	} else {
		c.waiters = append(c.waiters, waiter{c.now.Add(d), ch})
	}
	c.mu.Unlock()
	c.waiting <- struct{}{}
	return ch
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if w.at.After(c.now) {
			kept = append(kept, w)
			continue
		}
		w.ch <- c.now
	}
	c.waiters = kept
}

func (c *fakeClock) waitForSleeper(t *testing.T) {
	t.Helper()
	select {
	case <-c.waiting:
	case <-time.After(5 * time.Second):
		t.Fatal("the scheduler never waited on the clock")
	}
}

func metricsText(t *testing.T, srv *serve.Server) string {
	t.Helper()
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	b, _ := io.ReadAll(rec.Body)
	return string(b)
}

// An `every: 15m` job fires at the quarter hours of the injected clock;
// the slot that comes while its previous run is still going is skipped,
// not run alongside it; the next one runs again.
func TestEveryFifteenMinutesOnAFakeClock(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "job.lua"), []byte("-- every: 15m\n"), 0o644)
	handlers, err := serve.Scan([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	clock := newFakeClock(time.Date(2026, 3, 1, 9, 7, 0, 0, time.UTC))
	slots, release := make(chan string, 10), make(chan struct{})
	srv := serve.New(serve.Options{Handlers: handlers, Clock: clock, Workers: 2,
		Run: func(_ context.Context, _ string, event map[string]any) error {
			slots <- event["slot"].(string)
			<-release
			return nil
		}})
	ctx, cancel := context.WithCancel(t.Context())
	defer func() { cancel(); srv.Wait() }()
	srv.Start(ctx)
	go srv.Schedule(ctx)

	clock.waitForSleeper(t)
	clock.Advance(8 * time.Minute) // 09:15
	if got := <-slots; got != "2026-03-01T09:15:00Z" {
		t.Fatalf("first slot %s", got)
	}
	clock.waitForSleeper(t)
	clock.Advance(15 * time.Minute) // 09:30: the 09:15 run still holds
	clock.waitForSleeper(t)
	if m := metricsText(t, srv); !strings.Contains(m, `zcrmrun_serve_schedule_skipped_total{reason="overlap"} 1`) {
		t.Fatalf("the overlapping slot was not skipped:\n%s", m)
	}
	release <- struct{}{}
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(metricsText(t, srv), `zcrmrun_serve_runs_total{result="ok"} 1`); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the first run never ended")
		}
	}
	clock.Advance(15 * time.Minute) // 09:45
	if got := <-slots; got != "2026-03-01T09:45:00Z" {
		t.Fatalf("slot after the overlap %s", got)
	}
	close(release)
}

// Cron lines take a time zone: 02:00 in Asia/Kolkata (UTC+5:30) is 20:30
// UTC the day before; an interval's slots are whole multiples of it.
func TestParseEvery(t *testing.T) {
	from := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		every string
		want  time.Time
	}{
		{"TZ=Asia/Kolkata 0 2 * * *", time.Date(2026, 3, 1, 20, 30, 0, 0, time.UTC)},
		{"CRON_TZ=UTC 30 6 * * 1", time.Date(2026, 3, 2, 6, 30, 0, 0, time.UTC)}, // 2026-03-02 is a Monday
		{"15m", time.Date(2026, 3, 1, 0, 15, 0, 0, time.UTC)},
	} {
		sched, err := serve.ParseEvery(c.every)
		if err != nil {
			t.Fatalf("%s: %v", c.every, err)
		}
		if got := sched.Next(from); !got.Equal(c.want) {
			t.Errorf("%s: next after %v is %v, want %v", c.every, from, got, c.want)
		}
	}
	for _, bad := range []string{"", "10ms", "61 * * * *", "every day"} {
		if _, err := serve.ParseEvery(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}
