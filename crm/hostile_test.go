package crm_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/zcrmrun/zcrmrun/crm"
	"github.com/zcrmrun/zcrmrun/crmsim"
)

// queryLog keeps the query strings that reached the wire.
type queryLog struct {
	mu   sync.Mutex
	seen []string
}

func (q *queryLog) RoundTrip(r *http.Request) (*http.Response, error) {
	q.mu.Lock()
	q.seen = append(q.seen, r.URL.RawQuery)
	q.mu.Unlock()
	return http.DefaultTransport.RoundTrip(r)
}

func (q *queryLog) last() string {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.seen[len(q.seen)-1]
}

// TestHostileValuesInCriteriaAreEncodedNeverInjected stores leads whose
// names carry quotes, SQL, & + # ) , and backslashes, then searches for
// each by its name with Zoho's criteria escapes. The query string decodes
// to exactly the criteria written (so & cannot start a parameter, + is
// not a space, # does not end the URL), and the emulator finds exactly
// that one lead (so ) and , cannot add a criterion).
func TestHostileValuesInCriteriaAreEncodedNeverInjected(t *testing.T) {
	log := &queryLog{}
	srv, c, _ := startClient(t, crmsim.SeedCounts{Leads: 20}, crmsim.Options{}, crm.WithHTTPClient(&http.Client{Transport: log}))
	names := []string{
		`O'Brien`, `"quoted" name`, `x'; DROP TABLE Leads;--`, `a&b=c&per_page=1`, `1+1 = 2`, `#hashtag`,
		`paren) or (Last_Name:starts_with:`, `comma, and more`, `back\slash\`, `100% sure`, `Zoë 中文`,
	}
	recs := make([]crm.Record, len(names))
	for i, n := range names {
		recs[i] = crm.Record{"Last_Name": n, "Company": "Hostile"}
	}
	rs, err := c.InsertRecords(t.Context(), "Leads", recs, crm.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	esc := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`, `,`, `\,`)
	for i, name := range names {
		if !rs[i].OK() {
			t.Fatalf("%q not created: %+v", name, rs[i])
		}
		criteria := "((Last_Name:equals:" + esc.Replace(name) + ")and(Company:equals:Hostile))"
		found, _, err := c.SearchRecords(t.Context(), "Leads", crm.SearchOptions{Criteria: criteria})
		if err != nil {
			t.Fatalf("%q: %v", name, err)
		}
		q, err := url.ParseQuery(log.last())
		if err != nil || q.Get("criteria") != criteria || len(q) != 1 {
			t.Errorf("%q: the server reads %v (%v), want only criteria=%s", name, q, err, criteria)
		}
		if len(found) != 1 || found[0]["id"] != rs[i].ID || found[0]["Last_Name"] != name {
			t.Errorf("%q: search found %d leads (%v), want exactly %s", name, len(found), found, rs[i].ID)
		}
	}
	if n := len(srv.Records("Leads")); n != 20+len(names) {
		t.Errorf("%d leads after the searches, want %d", n, 20+len(names))
	}
}
