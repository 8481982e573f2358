package session_test

import (
	"sync"
	"testing"
	"time"

	"github.com/zcrmrun/zcrmrun/crm"
	"github.com/zcrmrun/zcrmrun/crmsim"
)

// BenchmarkExpiredTokenConcurrentCalls sends 20 calls at once through a
// token the emulator has expired: they must share one refresh. The
// refreshes per operation are reported (1 is right).
func BenchmarkExpiredTokenConcurrentCalls(b *testing.B) {
	const calls = 20
	w := newWorld(b, crmsim.Options{NoMintLimit: true, NoLiveTokenLimit: true}, "[api]\nedition = \"ultimate\"\n")
	s := w.authorised(b, "u", "")
	if _, _, err := s.CRM().ListRecords(b.Context(), "Leads", crm.ListOptions{PerPage: 1}); err != nil {
		b.Fatal(err)
	}
	refreshes := 0
	for b.Loop() {
		// The emulator's clock passes the hour; the client's still trusts its token.
		w.clock.Advance(2 * time.Hour)
		before := w.srv.Stats().Refreshes
		var wg sync.WaitGroup
		for range calls {
			wg.Go(func() {
				if _, _, err := s.CRM().ListRecords(b.Context(), "Leads", crm.ListOptions{PerPage: 1}); err != nil {
					b.Error(err)
				}
			})
		}
		wg.Wait()
		n := w.srv.Stats().Refreshes - before
		if n != 1 {
			b.Errorf("%d concurrent calls through an expired token made %d refreshes, want 1", calls, n)
		}
		refreshes += n
	}
	b.ReportMetric(float64(refreshes)/float64(b.N), "refreshes/op")
}
