package crm_test

import (
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/zcrmrun/zcrmrun/crm"
	"github.com/zcrmrun/zcrmrun/crmsim"
)

// BenchmarkInsertLeads creates 10,000 Leads, 100 per call, against an
// emulator that adds 50ms to every call and enforces an Enterprise org's
// concurrency (20, heavy calls 10): "concurrent" with the lanes a session
// configured for that edition uses, "sequential" one chunk after another.
// The 429s the emulator answered and the most calls it saw in flight are
// reported: zcrmrun must cause none.
func BenchmarkInsertLeads(b *testing.B) {
	const n = 10000
	for _, bc := range []struct {
		name  string
		lanes int
	}{{"concurrent", 20}, {"sequential", 1}} {
		b.Run(bc.name, func(b *testing.B) {
			srv, c, _ := startClient(b, crmsim.SeedCounts{Leads: 10}, crmsim.Options{
				Limits: crmsim.Limits{Edition: "enterprise", Latency: 50 * time.Millisecond}},
				crm.WithConcurrency(20, crm.DefaultHeavyConcurrency), crm.WithBatchConcurrency(bc.lanes))
			for i := 0; b.Loop(); i++ {
				insertLeads(b, c, n, "Bench", fmt.Sprintf("run%d.bench", i))
			}
			u := srv.Usage()
			b.ReportMetric(float64(u.Rejected429), "429s")
			b.ReportMetric(float64(u.MaxConcurrency), "max-in-flight")
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
			if u.Rejected429 != 0 || c.Stats().Throttled != 0 {
				b.Errorf("usage %+v: zcrmrun caused 429s", u)
			}
		})
	}
}

// BenchmarkIterLeadsLanes lists 10,000 Leads (Last_Name, Email) against an
// emulator that adds 200ms to every call and enforces an Enterprise org's
// limits, as `zcrmrun sandbox --leads 10000 --latency 200ms --edition
// enterprise` does: "parallel" with the lanes of a session configured for
// that edition (20, heavy calls 10), "sequential" with one call in flight
// at a time. Each run must yield every Lead once, with no 429.
func BenchmarkIterLeadsLanes(b *testing.B) {
	const n = 10000
	for _, bc := range []struct {
		name  string
		lanes int
	}{{"sequential", 1}, {"parallel", 20}} {
		b.Run(bc.name, func(b *testing.B) {
			srv, c, _ := startClient(b, crmsim.SeedCounts{Leads: n}, crmsim.Options{
				Limits: crmsim.Limits{Edition: "enterprise", Latency: 200 * time.Millisecond}},
				crm.WithConcurrency(bc.lanes, min(bc.lanes, crm.DefaultHeavyConcurrency)))
			for b.Loop() {
				p := c.IterRecords(b.Context(), "Leads", crm.ListOptions{Fields: []string{"Last_Name", "Email"}})
				seen := make(map[string]bool, n)
				for {
					recs, err := p.Next(b.Context())
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					for _, r := range recs {
						id := r["id"].(string)
						if seen[id] {
							b.Fatalf("id %s twice", id)
						}
						seen[id] = true
					}
				}
				if len(seen) != n {
					b.Fatalf("%d of %d Leads", len(seen), n)
				}
			}
			u := srv.Usage()
			b.ReportMetric(float64(u.Rejected429), "429s")
			b.ReportMetric(float64(u.MaxConcurrency), "max-in-flight")
			b.ReportMetric(float64(u.Requests)/float64(b.N), "calls/op")
			if u.Rejected429 != 0 {
				b.Errorf("usage %+v: zcrmrun caused 429s", u)
			}
		})
	}
}
