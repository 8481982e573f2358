package crm_test

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zcrmrun/zcrmrun/crm"
	"github.com/zcrmrun/zcrmrun/crmsim"
)

// lanesSeed is past the 2,000-record window several times over.
var lanesSeed = crmsim.SeedCounts{Leads: 10500}

// enterprise is an emulator enforcing an Enterprise org's limits (20 in
// flight, heavy calls 10), with a little latency so that calls overlap.
var enterprise = crmsim.Options{Limits: crmsim.Limits{Edition: "enterprise", Latency: 2 * time.Millisecond}}

// drain reads every page of p, failing on an error.
func drain(t *testing.T, p *crm.Pages) []crm.Record {
	t.Helper()
	var all []crm.Record
	for {
		recs, err := p.Next(t.Context())
		if err == io.EOF {
			return all
		}
		if err != nil {
			t.Fatalf("after %d records: %v", len(all), err)
		}
		all = append(all, recs...)
	}
}

// idBefore orders Zoho ids as the numbers they are.
func idBefore(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// onceEach fails unless recs hold every id of want exactly once.
func onceEach(t *testing.T, recs []crm.Record, want []map[string]any) {
	t.Helper()
	seen := make(map[string]int, len(recs))
	for _, r := range recs {
		seen[r["id"].(string)]++
	}
	for id, n := range seen {
		if n != 1 {
			t.Fatalf("id %s yielded %d times", id, n)
		}
	}
	for _, r := range want {
		if seen[r["id"].(string)] != 1 {
			t.Fatalf("id %s never yielded (%d of %d yielded)", r["id"], len(seen), len(want))
		}
	}
	if len(seen) != len(want) {
		t.Fatalf("%d records yielded, want %d", len(seen), len(want))
	}
}

// lanesUsed checks the emulator's count of calls in flight: several at
// once, never more than the edition allows, and no 429.
func lanesUsed(t *testing.T, srv *crmsim.Server, limit int) {
	t.Helper()
	u := srv.Usage()
	// One 429 may come of a race the client cannot see: it frees a lane
	// once it has read a reply, and the emulator once its handler has
	// returned, a moment later; the next call can land in between. More
	// than that means the client sent past its lanes.
	if u.MaxConcurrency < 2 || u.MaxConcurrency > limit || u.Rejected429 > 1 {
		t.Errorf("emulator usage %+v: want 2 to %d calls in flight at most, and at most one 429", u, limit)
	}
}

// A plain listing past 2,000 records yields every record once, in id order
// (Zoho: sort_order alone sorts by id, and COQL's order is id ascending),
// with several calls in flight and never more than the edition allows.
func TestIterRecordsUsesLanesPastTheWindow(t *testing.T) {
	srv, c, cnt := startClient(t, lanesSeed, enterprise, crm.WithConcurrency(20, 10))
	recs := drain(t, c.IterRecords(t.Context(), "Leads", crm.ListOptions{Fields: []string{"Last_Name", "Email"}}))
	onceEach(t, recs, srv.Records("Leads"))
	for i := 1; i < len(recs); i++ {
		if a, b := recs[i-1]["id"].(string), recs[i]["id"].(string); !idBefore(a, b) {
			t.Fatalf("record %d has id %s after %s: not in id order", i, b, a)
		}
	}
	if recs[0]["Email"] == nil || recs[len(recs)-1]["Last_Name"] == nil {
		t.Errorf("fields missing: first %v, last %v", recs[0], recs[len(recs)-1])
	}
	lanesUsed(t, srv, 20)
	if cnt.count("POST /crm/v2/coql") == 0 {
		t.Error("no COQL call: past 2,000 the listing went by page_token, one page at a time")
	}
}

// A sorted listing keeps the order asked for: pages within the window
// overlap, and past it page_token continues one page at a time.
func TestIterRecordsSortedKeepsOrder(t *testing.T) {
	srv, c, cnt := startClient(t, crmsim.SeedCounts{Leads: 4500}, enterprise, crm.WithConcurrency(20, 10))
	recs := drain(t, c.IterRecords(t.Context(), "Leads", crm.ListOptions{Fields: []string{"Last_Name"}, SortBy: "Last_Name", SortOrder: "desc"}))
	onceEach(t, recs, srv.Records("Leads"))
	for i := 1; i < len(recs); i++ {
		if a, b := recs[i-1]["Last_Name"].(string), recs[i]["Last_Name"].(string); a < b {
			t.Fatalf("record %d: %q after %q, not in descending order", i, b, a)
		}
	}
	lanesUsed(t, srv, 10) // sorted lists are heavy calls
	if n := cnt.count("POST /crm/v2/coql"); n != 0 {
		t.Errorf("%d COQL calls for a sorted listing: COQL's id ranges would break its order", n)
	}
}

// A module holding converted Leads is not continued by COQL, which might
// return them (the emulator's COQL does): past 2,000 the listing goes by
// page_token, and yields exactly the unconverted Leads.
func TestIterRecordsWithConvertedLeadsStaysOnTheList(t *testing.T) {
	srv, c, cnt := startClient(t, crmsim.SeedCounts{Leads: 2600, Accounts: 1}, enterprise, crm.WithConcurrency(20, 10))
	lead := srv.Records("Leads")[2300]["id"].(string)
	if _, err := c.ConvertLead(t.Context(), lead, crm.ConvertOptions{}); err != nil {
		t.Fatal(err)
	}
	var want []map[string]any
	for _, r := range srv.Records("Leads") {
		if r["id"] != lead {
			want = append(want, r)
		}
	}
	recs := drain(t, c.IterRecords(t.Context(), "Leads", crm.ListOptions{Fields: []string{"Last_Name"}}))
	onceEach(t, recs, want)
	// COQL starts before the probes answer; its rows are dropped, and at
	// most a window of its calls was made.
	if n := cnt.count("POST /crm/v2/coql"); n > 20 {
		t.Errorf("%d COQL calls although a converted Lead exists; want at most a window (20) dropped", n)
	}
}

// COQL iteration fetches offsets at once, in the query's order.
func TestIterCOQLUsesLanes(t *testing.T) {
	srv, c, _ := startClient(t, crmsim.SeedCounts{Leads: 5000}, enterprise, crm.WithConcurrency(20, 10))
	recs := drain(t, c.IterCOQL(t.Context(), "select Last_Name from Leads where Last_Name is not null"))
	onceEach(t, recs, srv.Records("Leads"))
	for i := 1; i < len(recs); i++ {
		if a, b := recs[i-1]["id"].(string), recs[i]["id"].(string); !idBefore(a, b) {
			t.Fatalf("row %d has id %s after %s: COQL's default order is id ascending", i, b, a)
		}
	}
	lanesUsed(t, srv, 10) // COQL is a heavy call
	sorted := drain(t, c.IterCOQL(t.Context(), "select Last_Name from Leads where Last_Name is not null order by Last_Name asc limit 4321"))
	if len(sorted) != 4321 {
		t.Fatalf("limit 4321 gave %d rows", len(sorted))
	}
	for i := 1; i < len(sorted); i++ {
		if a, b := strings.ToLower(sorted[i-1]["Last_Name"].(string)), strings.ToLower(sorted[i]["Last_Name"].(string)); a > b {
			t.Fatalf("row %d: %q after %q, not in ascending order", i, b, a)
		}
	}
	p := c.IterCOQL(t.Context(), "select Last_Name from Leads limit 10000, 10")
	if _, err := p.Next(t.Context()); !errors.Is(err, crm.ErrCOQLTotal) {
		t.Fatalf("offset 10000: %v, want ErrCOQLTotal", err)
	}
}

// Search iteration overlaps its pages up to Zoho's 2,000 results.
func TestIterSearchUsesLanes(t *testing.T) {
	srv, c, _ := startClient(t, crmsim.SeedCounts{Leads: 1900}, enterprise, crm.WithConcurrency(20, 10))
	recs := drain(t, c.IterSearch(t.Context(), "Leads", crm.SearchOptions{Word: "https"}))
	onceEach(t, recs, srv.Records("Leads"))
	lanesUsed(t, srv, 20)
}

// waitFor polls cond, a condition on the emulator's counters, until it
// holds; the deadline guards against hanging and measures nothing.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited a minute for %s", what)
		}
	}
}

// A loop slower than the network holds the fetch back: however long it
// dwells on a page, the emulator never sees more than the window's pages
// requested ahead of it (plus the two probes), and the window fills up
// again after each page taken.
func TestIterBackPressure(t *testing.T) {
	const window = 4
	srv, c, _ := startClient(t, crmsim.SeedCounts{Leads: 6000}, enterprise, crm.WithConcurrency(window, window))
	p := c.IterRecords(t.Context(), "Leads", crm.ListOptions{Fields: []string{"Last_Name"}})
	defer p.Close()
	const pages, probes = 30, 2
	for taken := 1; ; taken++ {
		recs, err := p.Next(t.Context())
		if err == io.EOF {
			if taken != pages+1 {
				t.Fatalf("%d pages, want %d", taken-1, pages)
			}
			break
		}
		if err != nil || len(recs) != 200 {
			t.Fatalf("page %d: %d records, %v", taken, len(recs), err)
		}
		want := min(taken+window, pages)
		waitFor(t, "the window to fill", func() bool { return srv.Usage().Requests >= want })
		if got := srv.Usage().Requests; got > taken+window+probes {
			t.Fatalf("after taking %d pages the emulator saw %d calls; want at most %d ahead (+%d probes)", taken, got, window, probes)
		}
	}
	if got := srv.Usage().Requests; got > pages+window+probes {
		t.Errorf("%d calls for %d pages", got, pages)
	}
}

// holdTransport sends the first request to the emulator and holds every
// later one until its context ends, counting those in flight.
type holdTransport struct {
	mu       sync.Mutex
	sent     int
	inFlight int
}

func (h *holdTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	h.mu.Lock()
	h.sent++
	first := h.sent == 1
	if !first {
		h.inFlight++
	}
	h.mu.Unlock()
	if first {
		return http.DefaultTransport.RoundTrip(r)
	}
	<-r.Context().Done()
	h.mu.Lock()
	h.inFlight--
	h.mu.Unlock()
	return nil, r.Context().Err()
}

func (h *holdTransport) held() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.inFlight
}

// Leaving a loop (Close) cancels the pages in flight: none is left
// running once Close returns, and none reached the emulator.
func TestIterCloseCancelsInFlight(t *testing.T) {
	hold := &holdTransport{}
	srv, c, _ := startClient(t, lanesSeed, enterprise, crm.WithConcurrency(8, 8), crm.WithHTTPClient(&http.Client{Transport: hold}))
	p := c.IterRecords(t.Context(), "Leads", crm.ListOptions{Fields: []string{"Last_Name"}})
	if recs, err := p.Next(t.Context()); err != nil || len(recs) != 200 {
		t.Fatalf("page 1: %d records, %v", len(recs), err)
	}
	waitFor(t, "pages in flight", func() bool { return hold.held() >= 8 })
	p.Close()
	if n := hold.held(); n != 0 {
		t.Fatalf("%d calls still in flight after Close", n)
	}
	if u := srv.Usage(); u.Requests != 1 {
		t.Errorf("the emulator saw %d calls, want only the first page", u.Requests)
	}
	if _, err := p.Next(t.Context()); err == nil {
		t.Error("Next after Close gave no error")
	}
}

// A client set for more lanes than the org has is refused with 429s; the
// window shrinks with the gate, so a slow loop then has no more pages
// fetched ahead than the halved bound, and every record still comes once.
func TestIterWindowShrinksOn429(t *testing.T) {
	// The org takes 5 calls at once, the client tries 10: one halving
	// fits it, so the bound settles at 5.
	srv, c, _ := startClient(t, crmsim.SeedCounts{Leads: 8000}, crmsim.Options{Limits: crmsim.Limits{Concurrency: 5, Latency: 2 * time.Millisecond}},
		crm.WithConcurrency(10, 10),
		crm.WithRetry(crm.RetryPolicy{MaxAttempts: 30, BaseDelay: time.Millisecond, MaxDelay: 20 * time.Millisecond}))
	p := c.IterRecords(t.Context(), "Leads", crm.ListOptions{Fields: []string{"Last_Name"}})
	defer p.Close()
	var all []crm.Record
	accepted := func() int { u := srv.Usage(); return u.Requests - u.Rejected429 }
	for taken := 1; ; taken++ {
		recs, err := p.Next(t.Context())
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, recs...)
		if taken < 30 || len(recs) < 200 {
			continue // the first burst was started under the unshrunk window
		}
		w := c.Limit()
		waitFor(t, "the window to fill", func() bool { return accepted() >= min(taken+w, 40) })
		if got := accepted(); got > taken+w+2 {
			t.Fatalf("after %d pages, %d calls answered with the bound at %d: the window did not shrink", taken, got, w)
		}
	}
	onceEach(t, all, srv.Records("Leads"))
	if st := c.Stats(); st.Throttled == 0 || c.Limit() != 5 {
		t.Errorf("stats %+v, limit %d: want 429s seen and the bound halved from 10", st, c.Limit())
	}
}
