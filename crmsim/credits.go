package crmsim

import (
	"context"
	"net/http"
)

// callCost is the credit price of one CRM call. meter charges it once the
// handler returns; a handler that knows better (a batch write, a convert)
// sets n. Zoho charges a call whatever its outcome, so errors cost too.
type callCost struct{ n int }

type costKey struct{}

// meter counts API credits per call (zoho-api.md §7.2): 1 unless the
// handler sets a price. Nothing is enforced yet; Stats exposes the total.
func (s *Server) meter(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cost := &callCost{n: 1}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), costKey{}, cost)))
		s.mu.Lock()
		s.credits += cost.n
		s.mu.Unlock()
	})
}

// charge sets the credit price of the call r is serving.
func charge(r *http.Request, n int) {
	if c, ok := r.Context().Value(costKey{}).(*callCost); ok {
		c.n = max(n, 1)
	}
}

// perBlock prices n records at one credit per block of size (insert,
// update and upsert: 10; tags: 50).
func perBlock(n, size int) int { return (n + size - 1) / size }
