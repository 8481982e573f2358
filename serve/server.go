package serve

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Defaults of Options.
const (
	DefaultWorkers  = 4
	DefaultQueue    = 100
	DefaultRetries  = 3
	DefaultBackoff  = time.Second
	DefaultClaimTTL = 24 * time.Hour
	// MaxBody is the largest notification accepted. Zoho's carry ids and
	// field names of at most 100 records; 1 MB is ample.
	MaxBody = 1 << 20
)

// RunFunc runs the script at path with the event table's fields.
type RunFunc func(ctx context.Context, path string, event map[string]any) error

// Claimer makes a fleet of runners handle a key once: Claim answers true
// to the first caller for key within ttl, false to every later one. It
// must be safe for concurrent use.
type Claimer interface {
	Claim(ctx context.Context, key string, ttl time.Duration) (bool, error)
}

// Options configure a Server. Zero values mean the defaults above.
type Options struct {
	Handlers []*Handler
	Run      RunFunc
	Workers  int           // handler runs at once
	Queue    int           // runs waiting; past it a delivery is answered 503
	Retries  int           // reruns of a failed handler; negative means none
	Backoff  time.Duration // wait before the first rerun, doubling after each
	Clock    Clock         // default the system clock
	Logger   *slog.Logger  // default discards
	// Claims, when set, dedupes deliveries and schedule slots across every
	// runner sharing it; nil handles everything this process receives.
	Claims   Claimer
	ClaimTTL time.Duration // how long a handled key is remembered
}

// Server receives Zoho's notifications, runs handlers on them and on
// their schedules, and serves /healthz and /metrics.
type Server struct {
	opts    Options
	log     *slog.Logger
	metrics *metrics

	mu       sync.Mutex
	channels map[string]*Channel // by channel id

	enqueue sync.Mutex // a delivery's jobs go in together or not at all
	queue   chan job
	wg      sync.WaitGroup

	running sync.Map // schedule handler path -> struct{}: a run in progress
}

// job is one handler run waiting for a worker.
type job struct {
	h     *Handler
	event map[string]any
	key   string // the claim key; "" when none
	what  string // for log lines: the event or slot
	done  func() // called when the job ends, however; nil for none
}

// New returns a Server; Start runs its workers.
func New(opts Options) *Server {
	if opts.Workers <= 0 {
		opts.Workers = DefaultWorkers
	}
	if opts.Queue <= 0 {
		opts.Queue = DefaultQueue
	}
	if opts.Retries == 0 {
		opts.Retries = DefaultRetries
	}
	if opts.Backoff <= 0 {
		opts.Backoff = DefaultBackoff
	}
	if opts.Clock == nil {
		opts.Clock = SystemClock{}
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.ClaimTTL <= 0 {
		opts.ClaimTTL = DefaultClaimTTL
	}
	return &Server{opts: opts, log: opts.Logger, metrics: newMetrics(), channels: map[string]*Channel{},
		queue: make(chan job, opts.Queue)}
}

// Start runs the workers until ctx ends; Wait waits for them.
func (s *Server) Start(ctx context.Context) {
	for range s.opts.Workers {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			for {
				select {
				case <-ctx.Done():
					return
				case j := <-s.queue:
					s.work(ctx, j)
				}
			}
		}()
	}
}

// Wait waits for the workers to stop after Start's context ended. Runs
// still queued are abandoned, counted and logged: their deliveries were
// acknowledged.
func (s *Server) Wait() {
	s.wg.Wait()
	if n := len(s.queue); n > 0 {
		s.log.Warn("serve: stopped with runs still queued", "runs", n)
	}
}

// Handler serves POST /notify (Zoho's notifications), GET /healthz and
// GET /metrics.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+NotifyPath, s.handleNotify)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		s.metrics.gauge("zcrmrun_serve_queue_length", "Handler runs waiting for a worker.", float64(len(s.queue)))
		s.metrics.write(w)
	})
	return mux
}

// NotifyPath is where Zoho POSTs notifications: the public URL plus this.
const NotifyPath = "/notify"

// notification is the body Zoho POSTs to a notify_url.
type notification struct {
	ServerTime json.Number `json:"server_time"`
	Module     string      `json:"module"`
	IDs        []any       `json:"ids"`
	Operation  string      `json:"operation"`
	ChannelID  any         `json:"channel_id"`
	Token      string      `json:"token"`
}

// handleNotify checks a delivery and queues its handler runs. It answers
// at once: 200 queued (or nothing to run), 400 a body that is not Zoho's,
// 401 an unknown channel or a wrong token, 413 a body past MaxBody, 503
// a full queue (Zoho delivers again later). Nothing runs unless 200.
func (s *Server) handleNotify(w http.ResponseWriter, r *http.Request) {
	status, msg, attrs := s.accept(w, r)
	s.metrics.inc("zcrmrun_serve_deliveries_total", "Notification deliveries received, by answer.", "status", strconv.Itoa(status))
	level := slog.LevelInfo
	if status != http.StatusOK {
		level = slog.LevelWarn
	}
	s.log.Log(r.Context(), level, "delivery", append([]any{"status", status, "result", msg, "remote", r.RemoteAddr}, attrs...)...)
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "5")
	}
	http.Error(w, msg, status)
}

func (s *Server) accept(w http.ResponseWriter, r *http.Request) (int, string, []any) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return http.StatusRequestEntityTooLarge, fmt.Sprintf("body larger than %d bytes", MaxBody), nil
	}
	if err != nil {
		return http.StatusBadRequest, "body could not be read", nil
	}
	var n notification
	d := json.NewDecoder(strings.NewReader(string(body)))
	d.UseNumber()
	if err := d.Decode(&n); err != nil {
		return http.StatusBadRequest, "body is not a JSON notification", nil
	}
	cid := idString(n.ChannelID)
	attrs := []any{"channel", cid, "module", n.Module, "operation", n.Operation, "ids", len(n.IDs)}
	s.mu.Lock()
	ch := s.channels[cid]
	s.mu.Unlock()
	if ch == nil {
		return http.StatusUnauthorized, "unknown channel", attrs
	}
	if subtle.ConstantTimeCompare([]byte(n.Token), []byte(ch.Token)) != 1 {
		return http.StatusUnauthorized, "wrong token", attrs
	}
	op, ok := opOf(n.Operation)
	if !ok || n.Module == "" {
		return http.StatusBadRequest, "no module or an unknown operation", attrs
	}
	ids := make([]any, 0, len(n.IDs))
	for _, id := range n.IDs {
		ids = append(ids, idString(id)) // record ids are strings end to end
	}
	st, _ := n.ServerTime.Int64()
	event := map[string]any{"module": n.Module, "operation": op, "ids": ids, "channel": cid, "server_time": float64(st)}
	var jobs []job
	for _, h := range ch.Handlers {
		if h.Takes(n.Module, op) {
			key := deliveryKey(cid, n.ServerTime.String(), n.Module, n.Operation, ids, h.Name)
			jobs = append(jobs, job{h: h, event: event, key: key, what: n.Module + "." + op})
		}
	}
	if len(jobs) == 0 {
		return http.StatusOK, "no handler takes it", attrs
	}
	if !s.push(jobs) {
		return http.StatusServiceUnavailable, "queue full", attrs
	}
	return http.StatusOK, fmt.Sprintf("queued %d runs", len(jobs)), attrs
}

// push queues jobs together, or none of them when the queue lacks room.
// Only producers hold s.enqueue, and workers only make room, so the
// check holds until the sends.
func (s *Server) push(jobs []job) bool {
	s.enqueue.Lock()
	defer s.enqueue.Unlock()
	if cap(s.queue)-len(s.queue) < len(jobs) {
		return false
	}
	for _, j := range jobs {
		s.queue <- j
	}
	return true
}

// deliveryKey names one delivery to one handler for Claims: a duplicate
// delivery, or the same one sprayed over several runners, has the same key.
func deliveryKey(channel, serverTime, module, op string, ids []any, handler string) string {
	sum := sha256.New()
	fmt.Fprintf(sum, "%s\x00%s\x00%s\x00%s\x00%s", channel, serverTime, module, op, handler)
	for _, id := range ids {
		fmt.Fprintf(sum, "\x00%s", id)
	}
	return "event:" + hex.EncodeToString(sum.Sum(nil))[:40]
}

func idString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// work runs one job: claimed first when runners share Claims, then rerun
// with backoff while it fails and reruns are left.
func (s *Server) work(ctx context.Context, j job) {
	if j.done != nil {
		defer j.done()
	}
	if s.opts.Claims != nil && j.key != "" {
		first, err := s.opts.Claims.Claim(ctx, j.key, s.opts.ClaimTTL)
		switch {
		case err != nil:
			// Running twice beats losing the event: handlers should be
			// idempotent anyway, since Zoho may deliver twice.
			s.log.Warn("claim failed; running anyway", "script", j.h.Path, "event", j.what, "err", err)
		case !first:
			s.metrics.inc("zcrmrun_serve_runs_total", "Handler runs, by result.", "result", "duplicate")
			s.log.Info("run", "script", j.h.Path, "event", j.what, "result", "skipped: another runner has it")
			return
		}
	}
	wait := s.opts.Backoff
	for attempt := 1; ; attempt++ {
		start := time.Now()
		err := s.opts.Run(ctx, j.h.Path, j.event)
		took := time.Since(start).Round(time.Millisecond)
		if err == nil {
			s.metrics.inc("zcrmrun_serve_runs_total", "Handler runs, by result.", "result", "ok")
			s.log.Info("run", "script", j.h.Path, "event", j.what, "attempt", attempt, "took", took, "result", "ok")
			return
		}
		first, _, _ := strings.Cut(err.Error(), "\n")
		if ctx.Err() != nil || attempt > s.opts.Retries {
			s.metrics.inc("zcrmrun_serve_runs_total", "Handler runs, by result.", "result", "failed")
			s.log.Error("run", "script", j.h.Path, "event", j.what, "attempt", attempt, "took", took, "result", "failed, no reruns left", "err", first)
			return
		}
		s.metrics.inc("zcrmrun_serve_runs_total", "Handler runs, by result.", "result", "retried")
		s.log.Warn("run", "script", j.h.Path, "event", j.what, "attempt", attempt, "took", took, "result", "failed, rerun in "+wait.String(), "err", first)
		select {
		case <-ctx.Done():
			return
		case <-s.opts.Clock.After(wait):
		}
		wait *= 2
	}
}

// metrics are counters and gauges in Prometheus's text format, written by
// hand: a handful of lines needs no client library.
type metrics struct {
	mu     sync.Mutex
	values map[string]float64 // "name{labels}" -> value
	help   map[string]string  // name -> help
	kind   map[string]string  // name -> counter or gauge
}

func newMetrics() *metrics {
	return &metrics{values: map[string]float64{}, help: map[string]string{}, kind: map[string]string{}}
}

func (m *metrics) inc(name, help string, labels ...string) {
	m.set(name, help, "counter", labels, func(v float64) float64 { return v + 1 })
}

func (m *metrics) gauge(name, help string, v float64) {
	m.set(name, help, "gauge", nil, func(float64) float64 { return v })
}

func (m *metrics) set(name, help, kind string, labels []string, f func(float64) float64) {
	key := name
	if len(labels) > 0 {
		var parts []string
		for i := 0; i+1 < len(labels); i += 2 {
			parts = append(parts, fmt.Sprintf("%s=%q", labels[i], labels[i+1]))
		}
		key += "{" + strings.Join(parts, ",") + "}"
	}
	m.mu.Lock()
	m.values[key] = f(m.values[key])
	m.help[name], m.kind[name] = help, kind
	m.mu.Unlock()
}

func (m *metrics) write(w io.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var names []string
	for n := range m.help {
		names = append(names, n)
	}
	sort.Strings(names)
	var keys []string
	for k := range m.values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, n := range names {
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n", n, m.help[n], n, m.kind[n])
		for _, k := range keys {
			if k == n || strings.HasPrefix(k, n+"{") {
				fmt.Fprintf(w, "%s %s\n", k, strconv.FormatFloat(m.values[k], 'f', -1, 64))
			}
		}
	}
}
