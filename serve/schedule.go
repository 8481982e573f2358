package serve

import (
	"context"
	"strconv"
	"sync"
	"time"
)

// Schedule runs every handler with an every: header at each of its slots
// until ctx ends.
//
// A slot is computed from the clock when the scheduler starts: slots that
// passed while no runner was up are not caught up. A slot that comes while
// the script's previous run is still going (or queued) is skipped and
// logged, never run alongside it. A slot the process missed while it ran
// (the machine slept) is skipped and logged too. With Claims, each slot
// runs on one runner of the fleet.
func (s *Server) Schedule(ctx context.Context) {
	var wg sync.WaitGroup
	for _, h := range s.opts.Handlers {
		if h.schedule == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.scheduleLoop(ctx, h)
		}()
	}
	wg.Wait()
}

func (s *Server) scheduleLoop(ctx context.Context, h *Handler) {
	slot := h.schedule.Next(s.opts.Clock.Now())
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.opts.Clock.After(slot.Sub(s.opts.Clock.Now())):
		}
		s.fire(h, slot)
		next := h.schedule.Next(slot)
		missed := 0
		for now := s.opts.Clock.Now(); !next.After(now); next = h.schedule.Next(next) {
			missed++
		}
		if missed > 0 {
			s.metrics.inc("zcrmrun_serve_schedule_skipped_total", "Schedule slots not run, by reason.", "reason", "missed")
			s.log.Warn("schedule", "script", h.Path, "every", h.Every, "result", "missed "+strconv.Itoa(missed)+" slots while busy or asleep; not caught up")
		}
		slot = next
	}
}

// fire queues h's run for slot unless its previous run is still going.
func (s *Server) fire(h *Handler, slot time.Time) {
	what := "every " + h.Every + " at " + slot.Format(time.RFC3339)
	if _, busy := s.running.LoadOrStore(h.Path, struct{}{}); busy {
		s.metrics.inc("zcrmrun_serve_schedule_skipped_total", "Schedule slots not run, by reason.", "reason", "overlap")
		s.log.Warn("schedule", "script", h.Path, "slot", what, "result", "skipped: the previous run is still going")
		return
	}
	event := map[string]any{"schedule": h.Every, "slot": slot.Format(time.RFC3339), "time": float64(slot.Unix())}
	j := job{h: h, event: event, what: what, key: "slot:" + h.Name + "@" + strconv.FormatInt(slot.Unix(), 10),
		done: func() { s.running.Delete(h.Path) }}
	if !s.push([]job{j}) {
		s.running.Delete(h.Path)
		s.metrics.inc("zcrmrun_serve_schedule_skipped_total", "Schedule slots not run, by reason.", "reason", "queue_full")
		s.log.Warn("schedule", "script", h.Path, "slot", what, "result", "skipped: the run queue is full")
		return
	}
	s.metrics.inc("zcrmrun_serve_schedule_fired_total", "Schedule slots queued.")
}
