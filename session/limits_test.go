package session_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/zcrmrun/zcrmrun/crm"
	"github.com/zcrmrun/zcrmrun/crmsim"
	"github.com/zcrmrun/zcrmrun/session"
)

// A session uses every lane its org's edition allows and no more: a bulk
// create against an emulated Free org (5 calls) is never refused with 429.
func TestSessionUsesTheEditionsLanes(t *testing.T) {
	seed := crmsim.SeedCounts{Leads: 10}
	sb, err := session.StartSandboxWith(t.Context(), session.SandboxOptions{Seed: &seed,
		Edition: "free", Latency: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	c := sb.Session("").CRM()
	if got := c.Limit(); got != 5 {
		t.Fatalf("a Free org's session allows %d calls in flight, want 5", got)
	}
	recs := make([]crm.Record, 1000)
	for i := range recs {
		recs[i] = crm.Record{"Last_Name": fmt.Sprint("Lane ", i), "Company": "Lanes"}
	}
	rs, err := c.InsertRecords(t.Context(), "Leads", recs, crm.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != len(recs) || !rs[999].OK() {
		t.Fatalf("%d results, last %+v", len(rs), rs[len(rs)-1])
	}
	if u := sb.Server.Usage(); u.Rejected429 != 0 || u.MaxConcurrency > 5 {
		t.Errorf("usage %+v: want no 429 and at most 5 calls in flight", u)
	}
}
