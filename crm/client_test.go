package crm_test

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/zcrmrun/zcrmrun/crm"
	"github.com/zcrmrun/zcrmrun/crmsim"
)

// staticCreds hands out one token; Renew fetches a fresh one from the
// emulator so INVALID_TOKEN handling can be observed.
type staticCreds struct {
	mu      sync.Mutex
	srv     *crmsim.Server
	id, sec string
	refresh string
	token   string
	renews  int
}

func (c *staticCreds) Access(context.Context) (crm.Access, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return crm.Access{Token: c.token, APIDomain: c.srv.URL()}, nil
}

func (c *staticCreds) Renew(_ context.Context, stale string) (crm.Access, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.renews++
	c.token = c.mint("refresh_token", url.Values{"refresh_token": {c.refresh}})["access_token"]
	return crm.Access{Token: c.token, APIDomain: c.srv.URL()}, nil
}

func (c *staticCreds) mint(grant string, v url.Values) map[string]string {
	v.Set("grant_type", grant)
	v.Set("client_id", c.id)
	v.Set("client_secret", c.sec)
	resp, err := http.PostForm(c.srv.URL()+"/oauth/v2/token", v)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var r map[string]any
	json.NewDecoder(resp.Body).Decode(&r)
	out := map[string]string{}
	for k, x := range r {
		if s, ok := x.(string); ok {
			out[k] = s
		}
	}
	return out
}

// emulator starts a seeded crmsim with opts and returns credentials for it.
func emulator(t *testing.T, opts crmsim.Options) (*crmsim.Server, *staticCreds) {
	t.Helper()
	srv := crmsim.New(opts)
	srv.Seed(crmsim.SeedCounts{Leads: 300, Accounts: 10, Contacts: 10, Deals: 10})
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	c := &staticCreds{srv: srv}
	c.id, c.sec = srv.RegisterClient()
	code, _ := srv.GrantCode(c.id, "", "")
	r := c.mint("authorization_code", url.Values{"code": {code}})
	c.token, c.refresh = r["access_token"], r["refresh_token"]
	return srv, c
}

var fastRetry = crm.WithRetry(crm.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond})

func TestListRecordsDecodesIDsAsStrings(t *testing.T) {
	srv, creds := emulator(t, crmsim.Options{})
	c := crm.NewClient(creds)
	recs, info, err := c.ListRecords(t.Context(), "Leads", crm.ListOptions{PerPage: 7, Fields: []string{"Last_Name"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 7 || info.Count != 7 || !info.MoreRecords {
		t.Fatalf("%d records, info %+v", len(recs), info)
	}
	want := srv.Records("Leads")[0]["id"]
	if recs[0]["id"] != want {
		t.Errorf("first id %v (%T), want the string %v", recs[0]["id"], recs[0]["id"], want)
	}
	recs, _, err = c.ListRecords(t.Context(), "Leads", crm.ListOptions{Page: 9, PerPage: 200})
	if err != nil || recs != nil {
		t.Errorf("past the end: %v, %v", recs, err)
	}
	_, _, err = c.ListRecords(t.Context(), "Leads", crm.ListOptions{Page: 11, PerPage: 200})
	var ce *crm.Error
	if !errors.As(err, &ce) || ce.Code != "DISCRETE_PAGINATION_LIMIT_EXCEEDED" || ce.Status != 400 || ce.Details["limit"] == nil {
		t.Errorf("past 2,000: %v", err)
	}
}

func TestInvalidTokenIsRenewedOnceAndRetried(t *testing.T) {
	_, creds := emulator(t, crmsim.Options{})
	creds.token = "1000.revoked.token"
	c := crm.NewClient(creds)
	if _, _, err := c.ListRecords(t.Context(), "Leads", crm.ListOptions{PerPage: 1}); err != nil {
		t.Fatal(err)
	}
	if creds.renews != 1 {
		t.Errorf("renewed %d times, want 1", creds.renews)
	}
}

func TestIdempotentCallsRideOutFaults(t *testing.T) {
	for _, kind := range []crmsim.Fault{crmsim.Fault429, crmsim.Fault500, crmsim.Fault502, crmsim.Fault503,
		crmsim.FaultResetBefore, crmsim.FaultResetAfter, crmsim.FaultTruncate, crmsim.FaultHTML, crmsim.FaultHang} {
		t.Run(string(kind), func(t *testing.T) {
			// Every other request is faulted: requests 2, 4 and 6 fail, and
			// each is followed by a retry that succeeds.
			srv, creds := emulator(t, crmsim.Options{Faults: crmsim.Faults{Every: 2, Kinds: []crmsim.Fault{kind}}})
			c := crm.NewClient(creds, fastRetry, crm.WithTimeout(300*time.Millisecond))
			for i := range 4 {
				recs, _, err := c.ListRecords(t.Context(), "Leads", crm.ListOptions{Page: i + 1, PerPage: 50})
				if err != nil || len(recs) != 50 {
					t.Fatalf("page %d: %d records, %v", i+1, len(recs), err)
				}
			}
			if n := srv.InjectedFaults()[kind]; n != 3 {
				t.Errorf("%d faults injected, want 3", n)
			}
			// Go's transport itself repeats an idempotent request whose reused
			// connection was reset, so resets may never reach our policy.
			reset := kind == crmsim.FaultResetBefore || kind == crmsim.FaultResetAfter
			if st := c.Stats(); st.Calls != 4 || (!reset && st.Retries != 3) {
				t.Errorf("stats %+v, want 4 calls and 3 retries", st)
			}
		})
	}
}

func TestRetriesAreBounded(t *testing.T) {
	_, creds := emulator(t, crmsim.Options{Faults: crmsim.Faults{Every: 1, Kinds: []crmsim.Fault{crmsim.Fault503}}})
	c := crm.NewClient(creds, crm.WithRetry(crm.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond}))
	_, _, err := c.ListRecords(t.Context(), "Leads", crm.ListOptions{PerPage: 1})
	var ce *crm.Error
	if !errors.As(err, &ce) || ce.Status != 503 || ce.Code != "UNEXPECTED_RESPONSE" {
		t.Fatalf("after 3 attempts: %v", err)
	}
	if st := c.Stats(); st.Retries != 2 {
		t.Errorf("%d retries, want 2", st.Retries)
	}
}

func TestWritesWhoseReplyIsLostAreNotRepeated(t *testing.T) {
	for _, kind := range []crmsim.Fault{crmsim.FaultResetBefore, crmsim.FaultResetAfter, crmsim.FaultTruncate, crmsim.Fault502, crmsim.Fault500, crmsim.FaultHTML} {
		t.Run(string(kind), func(t *testing.T) {
			srv, creds := emulator(t, crmsim.Options{Faults: crmsim.Faults{Every: 1, Kinds: []crmsim.Fault{kind}}})
			c := crm.NewClient(creds, fastRetry)
			_, err := c.Do(t.Context(), crm.Request{Method: "POST", Path: "/Leads", Body: map[string]any{"data": []any{map[string]any{"Last_Name": "X"}}}})
			var ou *crm.OutcomeUnknownError
			if !errors.As(err, &ou) {
				t.Fatalf("got %v, want an OutcomeUnknownError", err)
			}
			if n := srv.InjectedFaults()[kind]; n != 1 {
				t.Errorf("the create was sent %d times, want once", n)
			}
		})
	}
}

func TestWritesRetryWhenZohoRefusedThem(t *testing.T) {
	srv, creds := emulator(t, crmsim.Options{Faults: crmsim.Faults{Every: 2, Kinds: []crmsim.Fault{crmsim.Fault429}}})
	c := crm.NewClient(creds, fastRetry)
	// The first call is not faulted; the second gets a 429 and is retried.
	for range 2 {
		_, err := c.Do(t.Context(), crm.Request{Method: "POST", Path: "/Leads", Body: map[string]any{"data": []any{}}})
		var ou *crm.OutcomeUnknownError
		if errors.As(err, &ou) {
			t.Fatalf("a 429 made the outcome unknown: %v", err)
		}
	}
	if st := c.Stats(); st.Throttled != 1 || st.Retries != 1 {
		t.Errorf("stats %+v after one 429 (faults %v)", st, srv.InjectedFaults())
	}
}

func TestRefusedConnectionsAreRetriedEvenForWrites(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close() // nothing listens here now
	c := crm.NewClient(fixedCreds{"http://" + addr}, crm.WithRetry(crm.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond}))
	_, err := c.Do(t.Context(), crm.Request{Method: "POST", Path: "/Leads", Body: map[string]any{"data": []any{}}})
	var te *crm.TransportError
	var ou *crm.OutcomeUnknownError
	if !errors.As(err, &te) || errors.As(err, &ou) {
		t.Fatalf("got %v, want a TransportError (the request never left)", err)
	}
	if st := c.Stats(); st.Retries != 2 {
		t.Errorf("%d retries of a refused connection, want 2", st.Retries)
	}
}

// A certificate the client does not trust fails the same way every time:
// the call fails at once, naming it, rather than backing off for minutes.
func TestUntrustedCertificatesAreNotRetried(t *testing.T) {
	srv := httptest.NewTLSServer(http.NotFoundHandler()) // its CA is in no client's roots
	defer srv.Close()
	c := crm.NewClient(fixedCreds{srv.URL}, crm.WithRetry(crm.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond}))
	_, err := c.Do(t.Context(), crm.Request{Method: "GET", Path: "/Leads"})
	var cv *tls.CertificateVerificationError
	if !errors.As(err, &cv) {
		t.Fatalf("got %v, want a certificate verification error", err)
	}
	if st := c.Stats(); st.Retries != 0 {
		t.Errorf("%d retries of a certificate that cannot verify, want 0", st.Retries)
	}
}

type fixedCreds struct{ domain string }

func (f fixedCreds) Access(context.Context) (crm.Access, error) {
	return crm.Access{Token: "t", APIDomain: f.domain}, nil
}
func (f fixedCreds) Renew(context.Context, string) (crm.Access, error) {
	return crm.Access{Token: "t", APIDomain: f.domain}, nil
}

func TestConcurrencyNeverExceedsTheBound(t *testing.T) {
	srv, creds := emulator(t, crmsim.Options{Limits: crmsim.Limits{Latency: 50 * time.Millisecond}})
	c := crm.NewClient(creds, crm.WithConcurrency(3, 2))
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o := crm.ListOptions{PerPage: 1}
			if i%2 == 0 {
				o.SortBy = "Last_Name" // heavy
			}
			if _, _, err := c.ListRecords(t.Context(), "Leads", o); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if u := srv.Usage(); u.MaxConcurrency > 3 || u.Rejected429 != 0 || u.MaxConcurrency < 2 {
		t.Errorf("usage %+v: want at most 3 in flight and no 429", u)
	}
}

func TestThrottlingShrinksConcurrency(t *testing.T) {
	_, creds := emulator(t, crmsim.Options{Faults: crmsim.Faults{Every: 1, Kinds: []crmsim.Fault{crmsim.Fault429}}})
	c := crm.NewClient(creds, crm.WithConcurrency(8, 8), crm.WithRetry(crm.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond}))
	c.ListRecords(t.Context(), "Leads", crm.ListOptions{PerPage: 1})
	if l := c.Limit(); l != 4 {
		t.Errorf("limit after a 429 is %d, want 4 (halved from 8)", l)
	}
}

// Servers following v2's status table answer 202 to a multi-record
// insert; the results read the same as under 201.
func TestInsertsAnswered202ReadAsSuccesses(t *testing.T) {
	srv, creds := emulator(t, crmsim.Options{Accepted202: true})
	c := crm.NewClient(creds)
	res, err := c.InsertRecords(t.Context(), "Leads", []crm.Record{{"Last_Name": "Abe"}, {"Last_Name": "Ito"}}, crm.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if !r.OK() || r.ID == "" {
			t.Errorf("result %d: %+v", i, r)
		}
	}
	if n := len(srv.Records("Leads")); n != 302 {
		t.Errorf("%d Leads after inserting 2 into 300", n)
	}
}
