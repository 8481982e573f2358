package crmsim

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Limits are Zoho's per-org API limits (zoho-api.md §7): daily credits by
// edition, concurrent calls per user and app by edition, and the shared
// sub-concurrency of 10 for heavy calls. Past any of them the emulator
// answers 429 TOO_MANY_REQUESTS, as Zoho does.
type Limits struct {
	Edition        string // free, standard, professional, enterprise (default), ultimate
	Users          int    // licensed users in the credit formula; default the seeded users
	DailyCredits   int    // override of the edition's formula; <0 means unlimited
	Concurrency    int    // override of the edition's concurrent calls; <0 means unlimited
	SubConcurrency int    // heavy-call limit; default 10, <0 means unlimited
	Latency        time.Duration
}

var editions = map[string]struct{ concurrency, perUser, max int }{
	"free":         {5, 0, 5000},
	"standard":     {10, 250, 100000},
	"professional": {15, 500, 3000000},
	"enterprise":   {20, 1000, 5000000},
	"ultimate":     {25, 2000, -1},
}

// IsEdition reports whether name is an edition Limits knows (any case).
func IsEdition(name string) bool {
	_, ok := editions[strings.ToLower(name)]
	return ok
}

// limiter enforces Limits for the CRM endpoints.
type limiter struct {
	mu       sync.Mutex
	active   map[string]int // by user+client
	heavy    int
	ledger   []spend // credits spent in the rolling 24 hours
	spent    int
	maxSeen  int // most calls ever in flight for one user+client
	requests int
	rejected int
	credits  int // credits spent since start
}

type spend struct {
	at     time.Time
	amount int
}

// edition is the edition whose limits the emulator enforces, lower case;
// enterprise unless Limits names another.
func (s *Server) edition() string {
	if e := strings.ToLower(s.opts.Limits.Edition); IsEdition(e) {
		return e
	}
	return "enterprise"
}

func (s *Server) editionLimits() (concurrency, daily int) {
	l := s.opts.Limits
	ed := editions[s.edition()]
	concurrency = ed.concurrency
	if l.Concurrency != 0 {
		concurrency = l.Concurrency
	}
	users := l.Users
	if users == 0 {
		s.mu.RLock()
		users = len(s.crm.users)
		s.mu.RUnlock()
	}
	daily = 50000 + users*ed.perUser
	if strings.EqualFold(l.Edition, "free") {
		daily = 5000
	}
	if ed.max > 0 && daily > ed.max {
		daily = ed.max
	}
	if ed.max < 0 {
		daily = -1
	}
	if l.DailyCredits != 0 {
		daily = l.DailyCredits
	}
	return concurrency, daily
}

// limit wraps the authenticated CRM handler with Zoho's limits.
func (s *Server) limit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cost, heavy := costOf(r)
		concurrency, daily := s.editionLimits()
		sub := s.opts.Limits.SubConcurrency
		if sub == 0 {
			sub = 10
		}
		who := callerFrom(r.Context())
		key := who.userID + "/" + who.clientID
		lim := &s.limits
		now := s.now()

		lim.mu.Lock()
		lim.requests++
		lim.expire(now)
		switch {
		case daily >= 0 && lim.spent+cost > daily:
			lim.rejected++
			lim.mu.Unlock()
			w.Header().Set("X-API-CREDITS-REMAINING", strconv.Itoa(max(0, daily-lim.spent)))
			tooMany(w)
			return
		case concurrency >= 0 && lim.active[key] >= concurrency, heavy && sub >= 0 && lim.heavy >= sub:
			lim.rejected++
			lim.mu.Unlock()
			tooMany(w)
			return
		}
		lim.active[key]++
		lim.maxSeen = max(lim.maxSeen, lim.active[key])
		if heavy {
			lim.heavy++
		}
		lim.ledger = append(lim.ledger, spend{now, cost})
		lim.spent += cost
		lim.credits += cost
		if daily > 0 && lim.spent*2 >= daily {
			w.Header().Set("X-API-CREDITS-REMAINING", strconv.Itoa(daily-lim.spent))
		}
		lim.mu.Unlock()

		defer func() {
			lim.mu.Lock()
			lim.active[key]--
			if heavy {
				lim.heavy--
			}
			lim.mu.Unlock()
		}()
		if d := s.opts.Limits.Latency; d > 0 {
			select {
			case <-time.After(d):
			case <-r.Context().Done():
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (l *limiter) expire(now time.Time) {
	cut := now.Add(-24 * time.Hour)
	i := 0
	for i < len(l.ledger) && l.ledger[i].at.Before(cut) {
		l.spent -= l.ledger[i].amount
		i++
	}
	l.ledger = l.ledger[i:]
}

func tooMany(w http.ResponseWriter) {
	writeError(w, http.StatusTooManyRequests, "TOO_MANY_REQUESTS",
		"Number of API requests for the 24 hour period is exceeded or the concurrency limit of the user for the app is exceeded.", nil)
}

// costOf prices a call in API credits by Zoho's table (zoho-api.md §7.2)
// and says whether it belongs to the heavy sub-concurrency group.
func costOf(r *http.Request) (credits int, heavy bool) {
	path := strings.TrimPrefix(r.URL.Path, "/crm/")
	if i := strings.IndexByte(path, '/'); i >= 0 {
		path = path[i+1:] // drop the version
	}
	parts := strings.Split(strings.Trim(path, "/"), "/")
	q := r.URL.Query()
	switch {
	case len(parts) == 1 && parts[0] == "coql":
		return 1, true
	case len(parts) == 4 && parts[0] == "Leads" && parts[2] == "actions" && parts[3] == "convert":
		return 5, true
	case len(parts) == 2 && parts[1] == "deleted":
		return 2, false
	case len(parts) == 3 && parts[1] == "actions" && (parts[2] == "add_tags" || parts[2] == "remove_tags"):
		return perN(len(splitList(q.Get("ids"))), 50), false
	case r.Method == http.MethodGet && len(parts) == 1 && q.Get("cvid") != "":
		return 3, true
	case r.Method == http.MethodGet && len(parts) == 1 && q.Get("sort_by") != "":
		return 1, true
	case (r.Method == http.MethodPost || r.Method == http.MethodPut) && parts[0] != "settings" &&
		(len(parts) == 1 || (len(parts) == 2 && parts[1] == "upsert")):
		// A write of more than 100 records is refused whole with
		// LIMIT_EXCEEDED by its handler; priced by its size, it would
		// instead exhaust the day's credits and be answered 429.
		n := countRecords(r)
		if n > maxWriteRecords {
			return 1, false
		}
		return perN(n, 10), n > 10
	}
	return 1, false
}

func perN(n, per int) int { return max(1, (n+per-1)/per) }

// countRecords peeks at a write body's data array and puts the body back.
func countRecords(r *http.Request) int {
	b, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBody+1))
	r.Body.Close()
	r.Body = io.NopCloser(bytes.NewReader(b))
	if err != nil {
		return 1
	}
	var body struct {
		Data []json.RawMessage `json:"data"`
	}
	if json.Unmarshal(b, &body) != nil {
		return 1
	}
	return len(body.Data)
}

// UsageStats are the limit counters: calls seen, refused with 429, credits
// spent and the most calls one user and app ever had in flight.
type UsageStats struct {
	Requests       int `json:"requests"`
	Rejected429    int `json:"rejected_429"`
	CreditsUsed    int `json:"credits_used"`
	MaxConcurrency int `json:"max_concurrency"`
}

// Usage returns the limit counters.
func (s *Server) Usage() UsageStats {
	l := &s.limits
	l.mu.Lock()
	defer l.mu.Unlock()
	return UsageStats{Requests: l.requests, Rejected429: l.rejected, CreditsUsed: l.credits, MaxConcurrency: l.maxSeen}
}
