package crm

import (
	"context"
	"strings"
	"sync"
	"time"
)

// gate bounds calls in flight, and heavy calls separately. A 429 halves
// the bound for a while (Zoho is saying we, or another client of the same
// user and app, are over the limit); it then grows back one step at a time.
type gate struct {
	mu       sync.Mutex
	changed  chan struct{} // closed and replaced whenever a slot frees or the limit grows
	limit    int
	ceiling  int
	inFlight int
	heavy    int
	heavyMax int

	lastShrink time.Time
	growAt     time.Time
}

const (
	shrinkCooldown = time.Second      // one burst of 429s halves the bound once
	recoverAfter   = 30 * time.Second // quiet time before growing back
	recoverStep    = 5 * time.Second
)

func newGate(calls, heavy int) *gate {
	calls, heavy = max(calls, 1), max(heavy, 1)
	return &gate{changed: make(chan struct{}), limit: calls, ceiling: calls, heavyMax: heavy}
}

func (g *gate) acquire(ctx context.Context, heavy bool) (func(), error) {
	for {
		g.mu.Lock()
		now := time.Now()
		if g.limit < g.ceiling && !g.growAt.IsZero() && now.After(g.growAt) {
			g.limit++
			g.growAt = now.Add(recoverStep)
			g.broadcast()
		}
		if g.inFlight < g.limit && (!heavy || g.heavy < g.heavyMax) {
			g.inFlight++
			if heavy {
				g.heavy++
			}
			g.mu.Unlock()
			return func() { g.release(heavy) }, nil
		}
		ch := g.changed
		g.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(recoverStep): // re-check growth even when nothing frees
		}
	}
}

func (g *gate) release(heavy bool) {
	g.mu.Lock()
	g.inFlight--
	if heavy {
		g.heavy--
	}
	g.broadcast()
	g.mu.Unlock()
}

func (g *gate) broadcast() {
	close(g.changed)
	g.changed = make(chan struct{})
}

// throttle halves the bound after a 429.
func (g *gate) throttle() {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := time.Now()
	if now.Sub(g.lastShrink) >= shrinkCooldown {
		g.limit = max(1, g.limit/2)
		g.lastShrink = now
	}
	g.growAt = now.Add(recoverAfter)
}

// EditionConcurrency is how many calls an org of edition (free, standard,
// professional, enterprise, ultimate; any case) may have in flight per
// user and app (zoho-api.md §7.3); heavy calls share a sub-limit of 10 in
// every edition.
func EditionConcurrency(edition string) (int, bool) {
	switch strings.ToLower(edition) {
	case "free":
		return 5, true
	case "standard":
		return 10, true
	case "professional":
		return 15, true
	case "enterprise":
		return 20, true
	case "ultimate":
		return 25, true
	}
	return 0, false
}

// Editions lists the edition names EditionConcurrency knows, smallest first.
func Editions() []string {
	return []string{"free", "standard", "professional", "enterprise", "ultimate"}
}

// Limit reports the current bound on calls in flight.
func (c *Client) Limit() int {
	c.gate.mu.Lock()
	defer c.gate.mu.Unlock()
	return c.gate.limit
}
