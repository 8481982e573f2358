package crm_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/zcrmrun/zcrmrun/crm"
	"github.com/zcrmrun/zcrmrun/crmsim"
)

var smallSeed = crmsim.SeedCounts{Leads: 60, Contacts: 20, Accounts: 10, Deals: 10}

// token is a fixed access token; these tests stay well inside its hour.
type token struct{ access crm.Access }

func (t token) Access(context.Context) (crm.Access, error)        { return t.access, nil }
func (t token) Renew(context.Context, string) (crm.Access, error) { return t.access, nil }

// counter is an http.RoundTripper that counts requests per method and the
// most that were in flight at once, over the real transport.
type counter struct {
	mu                 sync.Mutex
	byMethod           map[string]int
	inFlight, maxFlown int
	started            chan string // receives each request's method as it starts
}

func (c *counter) RoundTrip(r *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.byMethod[r.Method]++
	c.byMethod[r.Method+" "+r.URL.Path]++ // count("POST /crm/v2/coql")
	c.inFlight++
	c.maxFlown = max(c.maxFlown, c.inFlight)
	c.mu.Unlock()
	select {
	case c.started <- r.Method: // after counting, so a watcher sees the count
	default: // nobody is watching
	}
	defer func() {
		c.mu.Lock()
		c.inFlight--
		c.mu.Unlock()
	}()
	return http.DefaultTransport.RoundTrip(r)
}

func (c *counter) count(method string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.byMethod[method]
}

// startClient starts a seeded emulator and returns it with a client
// authorised through the real grant-code exchange.
func startClient(t testing.TB, seed crmsim.SeedCounts, simOpts crmsim.Options, opts ...crm.Option) (*crmsim.Server, *crm.Client, *counter) {
	t.Helper()
	srv := crmsim.New(simOpts)
	srv.Seed(seed)
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	tok, err := crmsim.Console{URL: srv.URL()}.AccessToken(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	cnt := &counter{byMethod: map[string]int{}, started: make(chan string, 1000)}
	opts = append([]crm.Option{crm.WithHTTPClient(&http.Client{Transport: cnt})}, opts...)
	return srv, crm.NewClient(token{crm.Access{Token: tok, APIDomain: srv.URL()}}, opts...), cnt
}

// errorCode is the Zoho code of a *crm.Error in err's chain, or "".
func errorCode(err error) string {
	var ce *crm.Error
	if errors.As(err, &ce) {
		return ce.Code
	}
	return ""
}

// insertLeads creates n Leads named prefix 1..n in company (with emails
// under tag when tag is not empty) and fails unless every one succeeded.
func insertLeads(t testing.TB, c *crm.Client, n int, company, tag string) {
	t.Helper()
	recs := make([]crm.Record, n)
	for i := range recs {
		recs[i] = crm.Record{"Last_Name": fmt.Sprint(company, " ", i+1), "Company": company}
		if tag != "" {
			recs[i]["Email"] = fmt.Sprintf("%d@%s.example", i+1, tag)
		}
	}
	rs, err := c.InsertRecords(t.Context(), "Leads", recs, crm.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rs {
		if !r.OK() {
			t.Fatalf("record %d: %s %s", i, r.Code, r.Message)
		}
	}
}
