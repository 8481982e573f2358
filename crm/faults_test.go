package crm_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zcrmrun/zcrmrun/crm"
	"github.com/zcrmrun/zcrmrun/crmsim"
)

// underFaults is the fault load: 20% of CRM calls fail, drawn from
// every kind, replayable under seed 7. Slow replies are short so the test
// does not wait; hung calls end at the client's per-attempt timeout.
var underFaults = crmsim.Options{Faults: crmsim.Faults{Rate: 0.2, Seed: 7, Slow: 20 * time.Millisecond}}

func faultyClient(t *testing.T, seed crmsim.SeedCounts) (*crmsim.Server, *crm.Client) {
	t.Helper()
	srv, c, _ := startClient(t, seed, underFaults, fastRetry, crm.WithTimeout(time.Second))
	return srv, c
}

// batchResults is what a batch call says about every input, whether it
// returned normally or with a *crm.BatchError.
func batchResults(t *testing.T, n int, rs []crm.Result, err error) []crm.Result {
	t.Helper()
	if err != nil {
		var be *crm.BatchError
		if !errors.As(err, &be) {
			t.Fatalf("batch failed without accounting for its inputs: %v", err)
		}
		rs = be.Results
	}
	if len(rs) != n {
		t.Fatalf("%d results for %d inputs", len(rs), n)
	}
	return rs
}

// TestTenThousandRecordsUnderFaultsAreAccountedForExactlyOnce creates,
// updates and deletes 10,000 leads with 20% of calls faulted. Every
// create either succeeded (then the record exists exactly once, with the
// id the result gave), was not applied (absent), or is reported with code
// OUTCOME_UNKNOWN (then it exists at most once). Updates and deletes are
// idempotent and end with every record updated, then gone.
func TestTenThousandRecordsUnderFaultsAreAccountedForExactlyOnce(t *testing.T) {
	const n = 10000
	srv, c := faultyClient(t, crmsim.SeedCounts{})
	recs := make([]crm.Record, n)
	for i := range recs {
		recs[i] = crm.Record{"Last_Name": fmt.Sprintf("fault-%05d", i), "Company": "Faults Inc"}
	}
	rs, err := c.InsertRecords(t.Context(), "Leads", recs, crm.WriteOptions{})
	rs = batchResults(t, n, rs, err)

	// The emulator's state, by name: the truth the results must match.
	byName := map[string][]string{}
	for _, r := range srv.Records("Leads") {
		name := r["Last_Name"].(string)
		byName[name] = append(byName[name], r["id"].(string))
	}
	ids := make([]string, 0, n) // every lead that exists, each once
	unknown, present := 0, 0
	for i, r := range rs {
		name := recs[i]["Last_Name"].(string)
		got := byName[name]
		switch {
		case len(got) > 1:
			t.Fatalf("input %d (%s) was created %d times", i+1, name, len(got))
		case r.OK():
			if len(got) != 1 || got[0] != r.ID {
				t.Fatalf("input %d: result says created as %s, emulator has %v", i+1, r.ID, got)
			}
		case r.Code == crm.CodeOutcomeUnknown:
			unknown++
			present += len(got)
		default:
			if len(got) != 0 {
				t.Fatalf("input %d: result %s %s, yet the emulator has it as %v", i+1, r.Code, r.Message, got)
			}
		}
		ids = append(ids, got...)
	}
	if unknown == 0 || err == nil {
		t.Fatalf("no create's outcome was unknown under 20%% faults (%v): the test proves nothing", srv.InjectedFaults())
	}
	var be *crm.BatchError
	errors.As(err, &be)
	if len(be.Unknown()) != unknown {
		t.Errorf("error names %d unknown inputs, results %d", len(be.Unknown()), unknown)
	}
	t.Logf("created %d of %d; %d unknown (%d of them applied); faults %v", len(ids), n, unknown, present, srv.InjectedFaults())

	// Update every lead that exists; PUT is idempotent, so the client rides
	// out the faults, and a chunk that still fails is sent again.
	pending := ids
	for round := 0; len(pending) > 0; round++ {
		if round == 3 {
			t.Fatalf("%d updates still failing after 3 rounds", len(pending))
		}
		upd := make([]crm.Record, len(pending))
		for i, id := range pending {
			upd[i] = crm.Record{"id": id, "Company": "updated " + id}
		}
		rs, err := c.UpdateRecords(t.Context(), "Leads", upd, crm.WriteOptions{})
		var again []string
		for i, r := range batchResults(t, len(upd), rs, err) {
			if !r.OK() {
				again = append(again, pending[i])
			}
		}
		pending = again
	}
	live := map[string]bool{}
	for _, r := range srv.Records("Leads") {
		id := r["id"].(string)
		live[id] = true
		if r["Company"] != "updated "+id {
			t.Fatalf("lead %s: Company %v after the update", id, r["Company"])
		}
	}
	if len(live) != len(ids) {
		t.Fatalf("%d leads after updating, want %d", len(live), len(ids))
	}

	// Delete them all. A retried delete may answer that the record is
	// already gone; what counts is the emulator's state.
	for round := 0; ; round++ {
		rs, err := c.DeleteRecords(t.Context(), "Leads", ids, nil)
		batchResults(t, len(ids), rs, err)
		left := srv.Records("Leads")
		if len(left) == 0 {
			break
		}
		if round == 2 {
			t.Fatalf("%d leads left after deleting three times", len(left))
		}
	}
}

// TestHundredThousandRecordIterationUnderFaultsYieldsEachOnce reads
// 100,000 leads through pages and page tokens with 20% of calls faulted.
func TestHundredThousandRecordIterationUnderFaultsYieldsEachOnce(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("100,000 records take ~40s (minutes under -race): skipped with -short and -race; go test ./... runs it")
	}
	const n = 100000
	// With pages in flight at once, which call meets which fault is no
	// longer fixed by the seed, and at 20% faults five in a row end a
	// page about once in 3,000 calls, one run in seven here. Nine
	// attempts make that about one in two million calls.
	srv, c, _ := startClient(t, crmsim.SeedCounts{Leads: n}, underFaults, crm.WithTimeout(time.Second),
		crm.WithRetry(crm.RetryPolicy{MaxAttempts: 9, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}))
	want := map[string]bool{}
	for _, r := range srv.Records("Leads") {
		want[r["id"].(string)] = true
	}
	if len(want) != n {
		t.Fatalf("seeded %d leads", len(want))
	}
	pages := c.IterRecords(t.Context(), "Leads", crm.ListOptions{Fields: []string{"Last_Name"}})
	seen := map[string]bool{}
	for {
		recs, err := pages.Next(t.Context())
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("after %d records: %v", len(seen), err)
		}
		for _, r := range recs {
			id := r["id"].(string)
			if seen[id] {
				t.Fatalf("lead %s yielded twice", id)
			}
			if !want[id] {
				t.Fatalf("lead %s is not in the emulator", id)
			}
			seen[id] = true
		}
	}
	if len(seen) != n {
		t.Fatalf("yielded %d of %d leads", len(seen), n)
	}
	if f := srv.InjectedFaults(); len(f) == 0 {
		t.Fatal("no faults were injected")
	}
}

// TestUnreadableRepliesNameStatusAndFirstBytes: once retries run out, an
// HTML page, a cut-off body or a proxy's 502 page becomes an error with
// the HTTP status and the first bytes of what came — never a panic, and
// never an empty page that would end a listing early as if it were done.
func TestUnreadableRepliesNameStatusAndFirstBytes(t *testing.T) {
	for kind, want := range map[crmsim.Fault][]string{
		crmsim.FaultHTML:     {"unreadable reply (HTTP 200", "<!DOCTYPE html><html><body><p>Please sign in"},
		crmsim.FaultTruncate: {"unreadable reply (HTTP 200", `"{\"data\":[{`, "unexpected EOF"},
		crmsim.Fault502:      {"HTTP 502", "<html><head><title>502 Bad Gateway"},
	} {
		t.Run(string(kind), func(t *testing.T) {
			_, creds := emulator(t, crmsim.Options{Faults: crmsim.Faults{Every: 1, Kinds: []crmsim.Fault{kind}}})
			c := crm.NewClient(creds, crm.WithRetry(crm.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond}))
			recs, _, err := c.ListRecords(t.Context(), "Leads", crm.ListOptions{PerPage: 5})
			if err == nil || recs != nil {
				t.Fatalf("got %d records, %v; want an error", len(recs), err)
			}
			for _, w := range want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

// lostReplyKinds are the faults after which a write has been applied and
// its reply lost, so a retry meets the state the first attempt left.
var lostReplyKinds = []crmsim.Fault{crmsim.FaultResetAfter, crmsim.FaultTruncate}

// TestRetriedDeletesThatFindTheRecordGoneSucceed: a delete whose first
// attempt was applied and whose reply was lost is sent again, and Zoho
// answers the retry INVALID_DATA "record not deleted" for every id
// (zoho-api.md §4: a delete of a missing id). The record is gone, which is
// what the delete was for: each result is a success, never a definite
// failure. The same holds for removing relations (unlink).
func TestRetriedDeletesThatFindTheRecordGoneSucceed(t *testing.T) {
	for _, kind := range lostReplyKinds {
		t.Run(string(kind), func(t *testing.T) {
			srv, c, _ := startClient(t, crmsim.SeedCounts{Leads: 60, Accounts: 3, Contacts: 3}, crmsim.Options{}, fastRetry)
			ids := make([]string, 50)
			for i, r := range srv.Records("Leads")[:50] {
				ids[i] = r["id"].(string)
			}
			// Every second call: the delete's first attempt is applied and
			// its reply lost; the retry is answered.
			srv.InjectFaults(crmsim.Faults{Every: 2, Kinds: []crmsim.Fault{kind}})
			if _, _, err := c.ListRecords(t.Context(), "Leads", crm.ListOptions{PerPage: 1}); err != nil {
				t.Fatal(err)
			}
			rs, err := c.DeleteRecords(t.Context(), "Leads", ids, nil)
			if err != nil {
				t.Fatalf("delete: %v", err)
			}
			if srv.InjectedFaults()[kind] != 1 {
				t.Fatalf("faults %v, want the first delete attempt's reply lost", srv.InjectedFaults())
			}
			for i, r := range rs {
				if !r.OK() || r.ID != ids[i] || r.Details["gone"] != true {
					t.Fatalf("result %d: %+v, want a success for the record now gone", i+1, r)
				}
			}
			if n := len(srv.Records("Leads")); n != 10 {
				t.Fatalf("%d leads left, want 10", n)
			}

			acct := srv.Records("Accounts")[0]["id"].(string)
			contact := srv.Records("Contacts")[0]["id"].(string)
			srv.InjectFaults(crmsim.Faults{})
			if rs, err := c.LinkRecords(t.Context(), "Accounts", acct, "Contacts", []string{contact}); err != nil || !rs[0].OK() {
				t.Fatalf("link: %+v %v", rs, err)
			}
			srv.InjectFaults(crmsim.Faults{Every: 2, Kinds: []crmsim.Fault{kind}})
			if _, _, err := c.ListRecords(t.Context(), "Leads", crm.ListOptions{PerPage: 1}); err != nil {
				t.Fatal(err)
			}
			rs, err = c.UnlinkRecords(t.Context(), "Accounts", acct, "Contacts", []string{contact})
			if err != nil || !rs[0].OK() || rs[0].ID != contact {
				t.Fatalf("unlink whose first reply was lost: %+v %v, want a success", rs, err)
			}
		})
	}
}

// TestRetriedDeletesUnderFaultsNeverFailForRecordsThatAreGone is the
// issue's run: 2,000 deletes under 20% faults (seeds 4, 6, 7 and 8), every kind
// but the slow ones. No result may be a definite failure for a record that
// no longer exists; each is a success, or OUTCOME_UNKNOWN when no attempt
// was answered.
func TestRetriedDeletesUnderFaultsNeverFailForRecordsThatAreGone(t *testing.T) {
	kinds := []crmsim.Fault{crmsim.Fault429, crmsim.Fault500, crmsim.Fault502, crmsim.Fault503, crmsim.FaultResetBefore,
		crmsim.FaultResetAfter, crmsim.FaultTruncate, crmsim.FaultHTML}
	var gone atomic.Int64 // deletes settled by the record's absence, in all seeds
	t.Run("seeds", func(t *testing.T) {
		for _, seed := range []uint64{4, 6, 7, 8} {
			t.Run(fmt.Sprint(seed), func(t *testing.T) {
				t.Parallel()
				srv, c, _ := startClient(t, crmsim.SeedCounts{Leads: 2000}, crmsim.Options{}, fastRetry)
				var ids []string
				for _, r := range srv.Records("Leads") {
					ids = append(ids, r["id"].(string))
				}
				srv.InjectFaults(crmsim.Faults{Rate: 0.2, Seed: seed, Kinds: kinds})
				rs, err := c.DeleteRecords(t.Context(), "Leads", ids, nil)
				rs = batchResults(t, len(ids), rs, err)
				live := map[string]bool{}
				for _, r := range srv.Records("Leads") {
					live[r["id"].(string)] = true
				}
				for i, r := range rs {
					switch {
					case r.OK() && live[ids[i]]:
						t.Fatalf("result %d: deleted, yet %s is there", i+1, ids[i])
					case !r.OK() && r.Code != crm.CodeOutcomeUnknown && !live[ids[i]]:
						t.Fatalf("result %d: definite failure %s %q for %s, which is gone", i+1, r.Code, r.Message, ids[i])
					case r.Details["gone"] == true:
						gone.Add(1)
					}
				}
				t.Logf("%d left; faults %v", len(live), srv.InjectedFaults())
			})
		}
	})
	if gone.Load() == 0 {
		t.Fatal("no delete was retried after a lost reply: the test proves nothing")
	}
}

// TestIdempotentWritesWhoseEveryReplyIsLostAreUnknown: an update or
// delete sent until its attempts ran out, each applied with its reply
// lost, may well have been applied: OUTCOME_UNKNOWN with the ids, not a
// definite failure.
func TestIdempotentWritesWhoseEveryReplyIsLostAreUnknown(t *testing.T) {
	srv, c, _ := startClient(t, crmsim.SeedCounts{Leads: 3}, crmsim.Options{}, fastRetry)
	var ids []string
	for _, r := range srv.Records("Leads") {
		ids = append(ids, r["id"].(string))
	}
	srv.InjectFaults(crmsim.Faults{Every: 1, Kinds: []crmsim.Fault{crmsim.FaultResetAfter}})
	upd := []crm.Record{{"id": ids[0], "Company": "x"}, {"id": ids[1], "Company": "y"}}
	_, uerr := c.UpdateRecords(t.Context(), "Leads", upd, crm.WriteOptions{})
	_, derr := c.DeleteRecords(t.Context(), "Leads", ids, nil)
	for _, tc := range []struct {
		what string
		err  error
		ids  []string
	}{{"update", uerr, ids[:2]}, {"delete", derr, ids}} {
		var be *crm.BatchError
		if !errors.As(tc.err, &be) || len(be.Unknown()) != len(tc.ids) {
			t.Fatalf("%s with every reply lost: %v, want every input unknown", tc.what, tc.err)
		}
		for i, r := range be.Results {
			if r.Code != crm.CodeOutcomeUnknown || r.ID != tc.ids[i] {
				t.Errorf("%s result %d: %+v, want OUTCOME_UNKNOWN for %s", tc.what, i+1, r, tc.ids[i])
			}
		}
	}
}

// TestStoppedBatchAccountsForEveryInput: a batch whose caller stops it
// (Ctrl-C, --timeout) is an error naming the cause, never a quiet return
// of NOT_SENT results; inputs that never went out say so.
func TestStoppedBatchAccountsForEveryInput(t *testing.T) {
	_, c, _ := startClient(t, crmsim.SeedCounts{}, crmsim.Options{}, fastRetry)
	ctx, cancel := context.WithCancelCause(t.Context())
	cancel(errors.New("interrupted by a test"))
	recs := make([]crm.Record, 250)
	for i := range recs {
		recs[i] = crm.Record{"Last_Name": fmt.Sprint("stopped ", i)}
	}
	_, err := c.InsertRecords(ctx, "Leads", recs, crm.WriteOptions{})
	var be *crm.BatchError
	if !errors.As(err, &be) || be.Stopped == nil || len(be.Results) != 250 {
		t.Fatalf("stopped create: %v, want a BatchError saying it was stopped", err)
	}
	if want := "stopped (interrupted by a test): 0 of 250 records written; 250 not sent (inputs 1-250)"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	for i, r := range be.Results {
		if r.Code != crm.CodeNotSent {
			t.Fatalf("result %d: %+v, want NOT_SENT", i+1, r)
		}
	}
}
