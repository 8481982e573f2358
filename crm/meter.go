package crm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/zcrmrun/zcrmrun/english"
)

// Meter counts what a run spends: calls, API credits by Zoho's costing
// rules, retries, 429s and token refreshes. Clients given one Meter (the
// sessions of several users in one run) count together and share its
// credit budget.
type Meter struct {
	start                                         time.Time
	budget                                        int64 // 0: none
	calls, credits, retries, throttled, refreshes atomic.Int64
}

// NewMeter returns a meter started now. A budget > 0 makes every call
// that would take the credits spent past it fail with *BudgetError
// before it is sent.
func NewMeter(budget int64) *Meter { return &Meter{start: time.Now(), budget: budget} }

// WithMeter makes the client count on m instead of a meter of its own.
func WithMeter(m *Meter) Option { return func(c *Client) { c.meter = m } }

// TokenRefreshed counts one access token refresh; token sources call it.
func (m *Meter) TokenRefreshed() { m.refreshes.Add(1) }

// Stats are a meter's counters.
type Stats struct {
	Calls     int64         // calls made (retries not counted)
	Credits   int64         // API credits those calls cost by Zoho's table
	Retries   int64         // attempts repeated
	Throttled int64         // 429 answers received
	Refreshes int64         // access tokens refreshed
	Elapsed   time.Duration // since the meter was made
	Budget    int64         // the credit budget; 0 means none
}

// Stats returns the meter's counters.
func (m *Meter) Stats() Stats {
	return Stats{Calls: m.calls.Load(), Credits: m.credits.Load(), Retries: m.retries.Load(), Throttled: m.throttled.Load(),
		Refreshes: m.refreshes.Load(), Elapsed: time.Since(m.start), Budget: m.budget}
}

// Stats returns the counters of the client's meter.
func (c *Client) Stats() Stats { return c.meter.Stats() }

// BudgetError is returned, before sending, for a call that would take the
// credits spent past the budget.
type BudgetError struct {
	Budget, Spent, Cost int64
	Method, Path        string
}

func (e *BudgetError) Error() string {
	return fmt.Sprintf("API credit budget of %d reached: %s spent, and %s %s would cost %d more; the call was not sent",
		e.Budget, english.Count(e.Spent, "credit"), e.Method, e.Path, e.Cost)
}

// spend counts one call of cost credits, or refuses it when the budget
// cannot cover it; concurrent callers never overspend together.
func (m *Meter) spend(req Request, cost int64) error {
	for {
		spent := m.credits.Load()
		if m.budget > 0 && spent+cost > m.budget {
			return &BudgetError{Budget: m.budget, Spent: spent, Cost: cost, Method: req.Method, Path: req.Path}
		}
		if m.credits.CompareAndSwap(spent, spent+cost) {
			m.calls.Add(1)
			return nil
		}
	}
}

// price is what req costs in API credits by Zoho's table (zoho-api.md
// §7.2): Request.Credits when the caller set it, else the cost read off
// the path and body, so raw requests (crm.request) are priced as the same
// call made through a typed method.
func price(req Request, body []byte) int64 {
	if req.Credits > 0 {
		return int64(req.Credits)
	}
	parts := strings.Split(strings.Trim(req.Path, "/"), "/")
	switch {
	case len(parts) == 4 && parts[0] == "Leads" && parts[2] == "actions" && parts[3] == "convert":
		return 5
	case len(parts) == 2 && parts[1] == "deleted":
		return 2
	case len(parts) == 3 && parts[1] == "actions" && (parts[2] == "add_tags" || parts[2] == "remove_tags"):
		return int64(perN(len(strings.Split(req.Query.Get("ids"), ",")), 50))
	case req.Method == http.MethodGet && len(parts) == 1 && req.Query.Get("cvid") != "":
		return 3
	case (req.Method == http.MethodPost || req.Method == http.MethodPut) && parts[0] != "settings" && parts[0] != "coql" &&
		(len(parts) == 1 || (len(parts) == 2 && parts[1] == "upsert")):
		return int64(perN(countData(body), 10))
	}
	return 1
}

// countData counts the records of a write body's data array.
func countData(body []byte) int {
	var b struct {
		Data []json.RawMessage `json:"data"`
	}
	if json.NewDecoder(bytes.NewReader(body)).Decode(&b) != nil {
		return 1
	}
	return len(b.Data)
}
