package crmsim

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Zoho's Notifications API (actions/watch) as the developer docs and the
// crm-oas v8.0/notifications.json describe it: POST enables channels, PUT
// replaces a channel's details, PATCH merges them (or with _delete_events
// removes the events given), GET lists them, DELETE ?channel_ids= disables
// them. A token is at most 50 characters. A channel expires one hour after
// enabling unless channel_expiry says otherwise, at most one day ahead on
// v2 and v3 and one week from v4 on; an expiry past the maximum falls back
// to the hour, as the docs say.
//
// Record creates, edits and deletes through the API are then POSTed to the
// notify_url of each live channel subscribed to them, in Zoho's shape:
// server_time (epoch ms), query_params (the notify_url's), module,
// resource_uri, ids, affected_fields (edits), operation (insert, update,
// delete), channel_id and token. Zoho documents no retry schedule for
// deliveries; the emulator retries a delivery that gets no 2xx after each
// of Options.NotifyRetries (default DefaultNotifyRetries), then counts it
// failed.

const (
	maxWatchToken      = 50
	defaultChannelTTL  = time.Hour
	notifyQueueSize    = 10000
	notifyWorkers      = 4
	notifyPostTimeout  = 10 * time.Second
	watchEventsPerPage = 200
)

// DefaultNotifyRetries is the emulator's own retry schedule for
// notification deliveries: Zoho documents none.
var DefaultNotifyRetries = []time.Duration{5 * time.Second, 30 * time.Second, 2 * time.Minute, 10 * time.Minute, 30 * time.Minute}

// watchOps are the operations an event names and the payload's operation
// for each.
var watchOps = map[string]string{"create": "insert", "edit": "update", "delete": "delete"}

type watchChannel struct {
	id        string
	notifyURL string
	token     string
	// events maps a module to the operations watched ("all" for every one).
	events        map[string][]string
	expiry        time.Time
	relatedAction bool
}

func (c *watchChannel) watches(module, op string) bool {
	ops := c.events[module]
	return slices.Contains(ops, "all") || slices.Contains(ops, op)
}

func (c *watchChannel) eventNames(module string) []string {
	var out []string
	for _, op := range c.events[module] {
		out = append(out, module+"."+op)
	}
	return out
}

func (c *watchChannel) modules() []string {
	var out []string
	for m := range c.events {
		out = append(out, m)
	}
	sort.Strings(out)
	return out
}

// NotifyStats counts notification deliveries.
type NotifyStats struct {
	Delivered uint64 // answered 2xx
	Retried   uint64 // attempts that got no 2xx and were rescheduled
	Failed    uint64 // gave up after the last retry
	Dropped   uint64 // not queued: the delivery queue was full
}

// notifier holds the channels (guarded by Server.mu) and delivers
// notifications from a bounded queue on a few goroutines of its own,
// started with the first channel, so a write never waits for a receiver.
type notifier struct {
	channels map[string]*watchChannel

	start   sync.Once
	queue   chan delivery
	client  *http.Client
	wg      sync.WaitGroup
	stopped chan struct{}

	delivered, retried, failed, dropped atomic.Uint64
}

type delivery struct {
	url     string
	body    []byte
	attempt int
}

// change is what one write request did to one module's records.
type change struct {
	module string
	op     string // insert, update, delete
	ids    []string
	fields map[string][]string // update: the fields each record had set
}

func (s *Server) routeNotifications(mux *http.ServeMux) {
	mux.HandleFunc("POST /crm/v2/actions/watch", func(w http.ResponseWriter, r *http.Request) { s.handleWatchWrite(w, r, "enable") })
	mux.HandleFunc("PUT /crm/v2/actions/watch", func(w http.ResponseWriter, r *http.Request) { s.handleWatchWrite(w, r, "replace") })
	mux.HandleFunc("PATCH /crm/v2/actions/watch", func(w http.ResponseWriter, r *http.Request) { s.handleWatchWrite(w, r, "patch") })
	mux.HandleFunc("GET /crm/v2/actions/watch", s.handleWatchGet)
	mux.HandleFunc("DELETE /crm/v2/actions/watch", s.handleWatchDelete)
}

// maxChannelTTL is how far ahead a channel may expire on the request's
// API version.
func maxChannelTTL(v apiVersion) time.Duration {
	if v.atLeast(4, 0) {
		return 7 * 24 * time.Hour
	}
	return 24 * time.Hour
}

func watchError(code, message string, i int, key string) result {
	return recordError(code, message, map[string]any{"api_name": key, "json_path": fmt.Sprintf("$.watch[%d].%s", i, key)})
}

// channelID reads channel_id, a long in Zoho's docs, sent as a number or
// a string of digits.
func channelID(v any) (string, bool) {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case json.Number:
		s = x.String()
	case float64:
		s = strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return "", false
	}
	if _, err := strconv.ParseInt(s, 10, 64); err != nil {
		return "", false
	}
	return s, true
}

// parseEvents reads events ["Leads.create", "Deals.all", ...].
func (s *Server) parseEvents(v any) (map[string][]string, bool) {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		return nil, false
	}
	out := map[string][]string{}
	for _, x := range list {
		e, _ := x.(string)
		mod, op, found := strings.Cut(e, ".")
		m := s.crm.module(mod)
		if !found || m == nil || !m.apiSupported || (op != "all" && watchOps[op] == "") {
			return nil, false
		}
		if !slices.Contains(out[m.APIName], op) {
			out[m.APIName] = append(out[m.APIName], op)
		}
	}
	return out, true
}

// handleWatchWrite serves POST, PUT and PATCH /actions/watch: one result
// per element of watch[], with s.mu held for the whole batch.
func (s *Server) handleWatchWrite(w http.ResponseWriter, r *http.Request, mode string) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	list, _ := body["watch"].([]any)
	if !countOK(w, len(list), maxWriteRecords, "api_name", "watch") {
		return
	}
	v := versionOf(r)
	s.mu.Lock()
	results := make([]result, len(list))
	for i, raw := range list {
		in, _ := raw.(map[string]any)
		results[i] = s.watchOne(in, i, mode, v)
	}
	s.mu.Unlock()
	s.writes.Add(1)
	ok200 := http.StatusOK
	if mode == "enable" {
		ok200 = http.StatusCreated // the OAS's answer to Enable Notifications
	}
	writeJSON(w, batchStatus(ok200, len(results), failures(results)), map[string]any{"watch": results})
}

// watchOne applies element i of a watch[] body; s.mu is held.
func (s *Server) watchOne(in map[string]any, i int, mode string, v apiVersion) result {
	if in == nil {
		return watchError("INVALID_DATA", "invalid data", i, "watch")
	}
	if s.notify.channels == nil {
		s.notify.channels = map[string]*watchChannel{}
	}
	id, present := in["channel_id"]
	if !present {
		return watchError("MANDATORY_NOT_FOUND", "required field not found", i, "channel_id")
	}
	cid, ok := channelID(id)
	if !ok {
		return watchError("INVALID_DATA", "invalid data", i, "channel_id")
	}
	old := s.notify.channels[cid]
	now := s.now()
	if old != nil && !old.expiry.After(now) {
		delete(s.notify.channels, cid)
		old = nil
	}
	if mode != "enable" && old == nil {
		return recordError("NOT_SUBSCRIBED", "the channel is not subscribed for actions-watch", map[string]any{"channel_id": cid})
	}
	ch := &watchChannel{id: cid, events: map[string][]string{}, relatedAction: true}
	if mode == "patch" || (mode == "enable" && old != nil) {
		cp := *old
		cp.events = map[string][]string{}
		for m, ops := range old.events {
			cp.events[m] = slices.Clone(ops)
		}
		ch = &cp
	}
	if del, _ := in["_delete_events"].(bool); del && mode == "patch" {
		events, ok := s.parseEvents(in["events"])
		if !ok {
			return watchError("INVALID_DATA", "invalid data", i, "events")
		}
		for m, ops := range events {
			ch.events[m] = slices.DeleteFunc(ch.events[m], func(op string) bool { return slices.Contains(ops, op) || slices.Contains(ops, "all") })
			if len(ch.events[m]) == 0 {
				delete(ch.events, m)
			}
		}
		s.notify.channels[cid] = ch
		if len(ch.events) == 0 {
			delete(s.notify.channels, cid)
		}
		return success("Successfully removed the subscribe details", map[string]any{"events": s.eventDetails(ch, slices.Sorted(mapKeys(events)))})
	}
	if u, present := in["notify_url"]; present {
		us, _ := u.(string)
		pu, err := url.Parse(us)
		if us == "" || err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
			return watchError("INVALID_DATA", "invalid data", i, "notify_url")
		}
		ch.notifyURL = us
	} else if mode != "patch" {
		return watchError("MANDATORY_NOT_FOUND", "required field not found", i, "notify_url")
	}
	var touched []string
	if e, present := in["events"]; present {
		events, ok := s.parseEvents(e)
		if !ok {
			return watchError("INVALID_DATA", "invalid data", i, "events")
		}
		for m, ops := range events {
			ch.events[m] = ops
			touched = append(touched, m)
		}
	} else if mode != "patch" {
		return watchError("MANDATORY_NOT_FOUND", "required field not found", i, "events")
	}
	if t, present := in["token"]; present {
		ts, isString := t.(string)
		if t != nil && (!isString || len(ts) > maxWatchToken) {
			return watchError("INVALID_DATA", "invalid data", i, "token")
		}
		ch.token = ts
	} else if mode != "patch" {
		ch.token = ""
	}
	if nr, present := in["notify_on_related_action"]; present {
		b, isBool := nr.(bool)
		if !isBool {
			return watchError("INVALID_DATA", "invalid data", i, "notify_on_related_action")
		}
		ch.relatedAction = b
	}
	if e, present := in["channel_expiry"]; present && e != nil {
		es, _ := e.(string)
		t, err := parseZohoTime(es)
		if err != nil || !t.After(now) {
			return watchError("INVALID_DATA", "invalid data", i, "channel_expiry")
		}
		if t.Sub(now) > maxChannelTTL(v) {
			t = now.Add(defaultChannelTTL)
		}
		ch.expiry = t
	} else if mode != "patch" || ch.expiry.IsZero() {
		ch.expiry = now.Add(defaultChannelTTL)
	}
	s.notify.channels[cid] = ch
	if len(touched) == 0 {
		touched = ch.modules()
	}
	sort.Strings(touched)
	message := "Successfully updated the subscribe details"
	if mode == "enable" {
		message = "Successfully subscribed for actions-watch of the given module"
	}
	return success(message, map[string]any{"events": s.eventDetails(ch, touched)})
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// eventDetails is details.events of a watch reply: one entry per module.
func (s *Server) eventDetails(ch *watchChannel, modules []string) []any {
	out := []any{}
	for _, name := range modules {
		m := s.crm.module(name)
		if m == nil {
			continue
		}
		out = append(out, map[string]any{
			"channel_expiry": s.stamp(ch.expiry), "resource_uri": s.resourceURI(name),
			"resource_id": m.ID, "resource_name": name, "channel_id": ch.id,
		})
	}
	return out
}

func (s *Server) resourceURI(module string) string { return s.url + "/crm/v2/" + module }

// handleWatchGet serves GET /actions/watch[?channel_id=&module=&page=&per_page=]:
// one entry per live channel and module, 204 when there is none.
func (s *Server) handleWatchGet(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, ok := queryInt(r, "page", 1)
	if !ok {
		invalidParam(w, "page")
		return
	}
	perPage, ok := queryInt(r, "per_page", watchEventsPerPage)
	if !ok || perPage > watchEventsPerPage {
		invalidParam(w, "per_page")
		return
	}
	s.mu.Lock()
	now := s.now()
	var ids []string
	for id, ch := range s.notify.channels {
		if ch.expiry.After(now) && (q.Get("channel_id") == "" || q.Get("channel_id") == id) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	var all []any
	for _, id := range ids {
		ch := s.notify.channels[id]
		for _, m := range ch.modules() {
			if q.Get("module") != "" && !strings.EqualFold(q.Get("module"), m) {
				continue
			}
			mod := s.crm.module(m)
			all = append(all, map[string]any{
				"notify_on_related_action": ch.relatedAction, "channel_expiry": s.stamp(ch.expiry),
				"resource_uri": s.resourceURI(m), "resource_id": mod.ID, "notify_url": ch.notifyURL,
				"resource_name": m, "channel_id": ch.id, "events": ch.eventNames(m), "token": nullable(ch.token),
			})
		}
	}
	s.mu.Unlock()
	from := (page - 1) * perPage
	if from >= len(all) {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	to := min(from+perPage, len(all))
	writeJSON(w, http.StatusOK, map[string]any{"watch": all[from:to],
		"info": map[string]any{"per_page": perPage, "page": page, "count": to - from, "more_records": to < len(all)}})
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// handleWatchDelete serves DELETE /actions/watch?channel_ids=a,b.
func (s *Server) handleWatchDelete(w http.ResponseWriter, r *http.Request) {
	ids := splitList(r.URL.Query().Get("channel_ids"))
	if !countOK(w, len(ids), maxWriteRecords, "param_name", "channel_ids") {
		return
	}
	s.mu.Lock()
	results := make([]result, len(ids))
	for i, id := range ids {
		ch := s.notify.channels[id]
		if ch == nil || !ch.expiry.After(s.now()) {
			results[i] = recordError("NOT_SUBSCRIBED", "the channel is not subscribed for actions-watch", map[string]any{"channel_id": id})
			continue
		}
		delete(s.notify.channels, id)
		results[i] = success("Successfully un-subscribed from actions-watch", map[string]any{"events": s.eventDetails(ch, ch.modules())})
	}
	s.mu.Unlock()
	s.writes.Add(1)
	writeJSON(w, batchStatus(http.StatusOK, len(results), failures(results)), map[string]any{"watch": results})
}

// record notes that a writer changed records; s.mu is held.
func (wr *writer) record(op, id string, fields []string) {
	for i := range wr.changes {
		c := &wr.changes[i]
		if c.module == wr.m.APIName && c.op == op {
			c.ids = append(c.ids, id)
			if fields != nil {
				c.fields[id] = fields
			}
			return
		}
	}
	c := change{module: wr.m.APIName, op: op, ids: []string{id}}
	if op == "update" {
		c.fields = map[string][]string{}
		if fields != nil {
			c.fields[id] = fields
		}
	}
	wr.changes = append(wr.changes, c)
}

// publish queues a notification of each change for every live channel
// watching it. It takes s.mu itself; the caller must not hold it.
func (s *Server) publish(changes []change) {
	if len(changes) == 0 {
		return
	}
	s.mu.Lock()
	now := s.now()
	type target struct {
		ch  watchChannel
		chg change
	}
	var targets []target
	for _, ch := range s.notify.channels {
		if !ch.expiry.After(now) {
			continue
		}
		for _, c := range changes {
			op := map[string]string{"insert": "create", "update": "edit", "delete": "delete"}[c.op]
			if ch.watches(c.module, op) {
				targets = append(targets, target{*ch, c})
			}
		}
	}
	s.mu.Unlock()
	for _, t := range targets {
		s.enqueue(t.ch, t.chg, now)
	}
}

func (s *Server) enqueue(ch watchChannel, c change, now time.Time) {
	qp := map[string]any{}
	if u, err := url.Parse(ch.notifyURL); err == nil {
		for k, v := range u.Query() {
			qp[k] = v[0]
		}
	}
	payload := map[string]any{
		"server_time": now.UnixMilli(), "query_params": qp, "module": c.module,
		"resource_uri": s.resourceURI(c.module), "ids": c.ids, "operation": c.op,
		"channel_id": ch.id, "token": nullable(ch.token),
	}
	if c.op == "update" {
		var af []any
		for _, id := range c.ids {
			af = append(af, map[string]any{id: c.fields[id]})
		}
		payload["affected_fields"] = af
	}
	body, err := json.Marshal(payload)
	if err != nil {
		return
	}
	s.notify.start.Do(s.startNotifier)
	s.send(delivery{url: ch.notifyURL, body: body})
}

// send queues d without blocking; a full queue drops and counts it.
func (s *Server) send(d delivery) {
	select {
	case <-s.notify.stopped:
		return
	default:
	}
	select {
	case s.notify.queue <- d:
	default:
		s.notify.dropped.Add(1)
	}
}

func (s *Server) startNotifier() {
	s.notify.queue = make(chan delivery, notifyQueueSize)
	s.notify.client = &http.Client{Timeout: notifyPostTimeout}
	for range notifyWorkers {
		s.notify.wg.Add(1)
		go s.deliverLoop()
	}
}

func (s *Server) deliverLoop() {
	defer s.notify.wg.Done()
	for {
		select {
		case <-s.notify.stopped:
			return
		case d := <-s.notify.queue:
			s.deliver(d)
		}
	}
}

// deliver POSTs one notification, rescheduling it on a failure while the
// retry schedule lasts.
func (s *Server) deliver(d delivery) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-s.notify.stopped:
			cancel()
		case <-ctx.Done():
		}
	}()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.url, bytes.NewReader(d.body))
	ok := false
	if err == nil {
		req.Header.Set("Content-Type", "application/json")
		resp, err := s.notify.client.Do(req)
		if err == nil {
			resp.Body.Close()
			ok = resp.StatusCode >= 200 && resp.StatusCode < 300
		}
	}
	if ok {
		s.notify.delivered.Add(1)
		return
	}
	retries := s.opts.NotifyRetries
	if retries == nil {
		retries = DefaultNotifyRetries
	}
	if d.attempt >= len(retries) {
		s.notify.failed.Add(1)
		return
	}
	s.notify.retried.Add(1)
	next := delivery{url: d.url, body: d.body, attempt: d.attempt + 1}
	time.AfterFunc(retries[d.attempt], func() { s.send(next) })
}

// NotifyStats reports the notification deliveries so far.
func (s *Server) NotifyStats() NotifyStats {
	return NotifyStats{Delivered: s.notify.delivered.Load(), Retried: s.notify.retried.Load(),
		Failed: s.notify.failed.Load(), Dropped: s.notify.dropped.Load()}
}

// stopNotifier ends deliveries; queued ones are dropped with the server.
func (s *Server) stopNotifier() {
	close(s.notify.stopped)
	s.notify.wg.Wait()
}
