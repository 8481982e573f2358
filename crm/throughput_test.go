package crm_test

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zcrmrun/zcrmrun/crm"
	"github.com/zcrmrun/zcrmrun/crmsim"
)

// gzipSeen records whether replies came compressed.
type gzipSeen struct{ compressed, plain atomic.Int32 }

func (g *gzipSeen) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil && resp.StatusCode == http.StatusOK {
		if resp.Uncompressed {
			g.compressed.Add(1)
		} else {
			g.plain.Add(1)
		}
	}
	return resp, err
}

// The client asks for gzip and list pages arrive compressed, decoded off
// the wire into the same records.
func TestListPagesArriveGzipped(t *testing.T) {
	seen := &gzipSeen{}
	_, c, _ := startClient(t, smallSeed, crmsim.Options{}, crm.WithHTTPClient(&http.Client{Transport: seen}))
	recs, info, err := c.ListRecords(t.Context(), "Leads", crm.ListOptions{PerPage: 50})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 50 || info.Count != 50 || !info.MoreRecords {
		t.Fatalf("%d records, info %+v", len(recs), info)
	}
	if id, ok := recs[0]["id"].(string); !ok || len(id) != 19 {
		t.Errorf("id %#v, want a 19-digit string", recs[0]["id"])
	}
	if seen.compressed.Load() != 1 || seen.plain.Load() != 0 {
		t.Errorf("%d gzipped and %d plain replies, want 1 and 0", seen.compressed.Load(), seen.plain.Load())
	}
}

// A client set for more lanes than the org has (an Ultimate client against
// a Free org) is refused with 429s, backs off, halves its bound, and still
// creates every record exactly once.
func TestOverLimitBatchBacksOffAndCompletes(t *testing.T) {
	srv, c, _ := startClient(t, smallSeed, crmsim.Options{Limits: crmsim.Limits{Edition: "free", Latency: 20 * time.Millisecond}},
		crm.WithConcurrency(25, 10), crm.WithBatchConcurrency(25),
		crm.WithRetry(crm.RetryPolicy{MaxAttempts: 20, BaseDelay: 5 * time.Millisecond, MaxDelay: 50 * time.Millisecond}))
	const n = 2000
	insertLeads(t, c, n, "Over the limit", "")
	st := c.Stats()
	if st.Throttled == 0 || c.Limit() > 12 {
		t.Errorf("stats %+v, limit %d: want 429s seen and the bound halved from 25", st, c.Limit())
	}
	created := 0
	for _, r := range srv.Records("Leads") {
		if r["Company"] == "Over the limit" {
			created++
		}
	}
	if created != n {
		t.Errorf("%d records created, want %d (each once)", created, n)
	}
}
