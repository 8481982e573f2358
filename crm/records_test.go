package crm_test

import (
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/zcrmrun/zcrmrun/crm"
	"github.com/zcrmrun/zcrmrun/crmsim"
)

// TestInsert250InThreeChunksInInputOrder: 250 records are three requests,
// at most two in flight, and the results line up with the input even
// though record 131 (in the second chunk) is refused.
func TestInsert250InThreeChunksInInputOrder(t *testing.T) {
	srv, c, cnt := startClient(t, smallSeed, crmsim.Options{}, crm.WithBatchConcurrency(2))
	recs := make([]crm.Record, 250)
	for i := range recs {
		recs[i] = crm.Record{"Last_Name": fmt.Sprintf("Chunk %03d", i), "Company": "Batch Co"}
	}
	delete(recs[130], "Last_Name")
	res, err := c.InsertRecords(t.Context(), "Leads", recs, crm.WriteOptions{Trigger: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	if got := cnt.count("POST"); got != 3 {
		t.Errorf("%d POST requests, want 3", got)
	}
	if cnt.maxFlown > 2 {
		t.Errorf("%d requests in flight at once, limit 2", cnt.maxFlown)
	}
	if len(res) != 250 {
		t.Fatalf("%d results for 250 records", len(res))
	}
	names := map[string]string{}
	for _, r := range srv.Records("Leads") {
		names[r["id"].(string)], _ = r["Last_Name"].(string)
	}
	for i, r := range res {
		if i == 130 {
			if r.OK() || r.Code != "MANDATORY_NOT_FOUND" || r.Details["api_name"] != "Last_Name" {
				t.Errorf("result 130 = %+v, want MANDATORY_NOT_FOUND for Last_Name", r)
			}
			continue
		}
		if !r.OK() || r.Code != "SUCCESS" || names[r.ID] != fmt.Sprintf("Chunk %03d", i) {
			t.Fatalf("result %d = %+v names %q", i, r, names[r.ID])
		}
	}
}

func TestBatchRequestErrorIsAnError(t *testing.T) {
	_, c, _ := startClient(t, smallSeed, crmsim.Options{})
	_, err := c.InsertRecords(t.Context(), "Nope", []crm.Record{{"Last_Name": "x"}}, crm.WriteOptions{})
	if errorCode(err) != "INVALID_MODULE" {
		t.Fatalf("err = %v, want INVALID_MODULE", err)
	}
}

func TestAllFailedBatchIsResults(t *testing.T) {
	_, c, _ := startClient(t, smallSeed, crmsim.Options{})
	res, err := c.InsertRecords(t.Context(), "Leads", []crm.Record{{"First_Name": "a"}, {"First_Name": "b"}}, crm.WriteOptions{})
	if err != nil {
		t.Fatalf("a batch whose records all fail (HTTP 400 with data[]) should give results: %v", err)
	}
	if len(res) != 2 || res[0].OK() || res[1].Code != "MANDATORY_NOT_FOUND" {
		t.Fatalf("results %+v", res)
	}
}

func TestDuplicateResultNamesNoID(t *testing.T) {
	srv, c, _ := startClient(t, smallSeed, crmsim.Options{})
	taken := srv.Records("Contacts")[0]
	res, err := c.InsertRecords(t.Context(), "Contacts", []crm.Record{{"Last_Name": "Dup", "Email": taken["Email"]}}, crm.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r := res[0]; r.Code != "DUPLICATE_DATA" || r.ID != "" || r.Details["id"] != taken["id"] {
		t.Fatalf("result %+v: want DUPLICATE_DATA, no ID, details.id the existing record %v", r, taken["id"])
	}
}

func TestUpdateNullClearsAndGetRecord(t *testing.T) {
	_, c, _ := startClient(t, smallSeed, crmsim.Options{})
	res, err := c.InsertRecords(t.Context(), "Leads", []crm.Record{{"Last_Name": "Clear Me", "City": "Lyon"}}, crm.WriteOptions{})
	if err != nil || !res[0].OK() {
		t.Fatal(err, res)
	}
	id := res[0].ID
	up, err := c.UpdateRecords(t.Context(), "Leads", []crm.Record{{"id": id, "City": nil}, {"id": "5725767999999999999", "City": "x"}}, crm.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !up[0].OK() || up[1].Code != "INVALID_DATA" || up[1].ID != "5725767999999999999" {
		t.Fatalf("update results %+v", up)
	}
	rec, err := c.GetRecord(t.Context(), "Leads", id, crm.GetOptions{})
	if err != nil || rec == nil {
		t.Fatal(err, rec)
	}
	if v, present := rec["City"]; !present || v != nil {
		t.Fatalf("City = %v (present %v), want JSON null", v, present)
	}
	if rec, err := c.GetRecord(t.Context(), "Leads", "5725767999999999999", crm.GetOptions{}); rec != nil || err != nil {
		t.Fatalf("unknown id: %v, %v; want nil, nil", rec, err)
	}
	if _, err := c.GetRecord(t.Context(), "Leads", "not-an-id", crm.GetOptions{}); errorCode(err) != "INVALID_DATA" {
		t.Fatalf("malformed id: %v", err)
	}
	if rec, err := c.GetRecord(t.Context(), "Leads", id, crm.GetOptions{Fields: []string{"Last_Name"}}); err != nil || len(rec) != 2 {
		t.Fatalf("fields: %v %v", rec, err)
	}
}

func TestUpsertDeleteDeleted(t *testing.T) {
	srv, c, _ := startClient(t, smallSeed, crmsim.Options{})
	email := srv.Records("Leads")[5]["Email"].(string)
	res, err := c.UpsertRecords(t.Context(), "Leads", []crm.Record{{"Last_Name": "U", "Email": email}, {"Last_Name": "V", "Email": "v@upsert.example"}},
		crm.WriteOptions{DuplicateCheckFields: []string{"Email"}})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Action != "update" || res[0].DuplicateField != "Email" || res[1].Action != "insert" || res[1].DuplicateField != "" {
		t.Fatalf("upsert results %+v", res)
	}
	f := false
	del, err := c.DeleteRecords(t.Context(), "Leads", []string{res[1].ID, "5725767999999999999"}, &f)
	if err != nil {
		t.Fatal(err)
	}
	if !del[0].OK() || del[0].ID != res[1].ID || del[1].OK() || del[1].ID != "5725767999999999999" {
		t.Fatalf("delete results %+v", del)
	}
	gone, _, err := c.DeletedRecords(t.Context(), "Leads", crm.DeletedOptions{Type: "all"})
	if err != nil || len(gone) != 1 || gone[0]["id"] != res[1].ID {
		t.Fatalf("deleted: %v %v", gone, err)
	}
}

// TestIterRecordsPastTheWall reads all 5,000 seeded Leads, each once.
func TestIterRecordsPastTheWall(t *testing.T) {
	srv, c, cnt := startClient(t, crmsim.DefaultSeed, crmsim.Options{})
	p := c.IterRecords(t.Context(), "Leads", crm.ListOptions{Fields: []string{"Last_Name"}})
	seen := map[string]bool{}
	for {
		recs, err := p.Next(t.Context())
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			id := r["id"].(string)
			if seen[id] {
				t.Fatalf("id %s twice", id)
			}
			seen[id] = true
		}
	}
	if want := len(srv.Records("Leads")); len(seen) != want || want != 5000 {
		t.Fatalf("iterated %d of %d leads", len(seen), want)
	}
	// The 2,000-record window by page, two probes for converted and
	// unapproved Leads, then COQL past the window: 15 pages of 200, and
	// at most a window's worth (10) started past the end.
	if got := cnt.count("GET"); got != 12 {
		t.Errorf("%d GETs for 5,000 records, want 10 pages and 2 probes", got)
	}
	if got := cnt.count("POST /crm/v2/coql"); got < 15 || got > 25 {
		t.Errorf("%d COQL calls for the 3,000 records past the window, want 15 to 25", got)
	}
}

// TestIterPrefetchesAWindowAhead: once page 1 is handed over and says
// more follow, the pages after it are requested without the caller
// asking, as many as the gate lets into flight (10 by default), and none
// more than a window past the last page that said more follow.
func TestIterPrefetchesAWindowAhead(t *testing.T) {
	_, c, cnt := startClient(t, smallSeed, crmsim.Options{})
	p := c.IterRecords(t.Context(), "Leads", crm.ListOptions{PerPage: 10})
	defer p.Close()
	for page := 1; page <= 6; page++ {
		if recs, err := p.Next(t.Context()); err != nil || len(recs) != 10 {
			t.Fatalf("page %d: %d records, %v", page, len(recs), err)
		}
		for cnt.count("GET") < 1+crm.DefaultConcurrency { // the prefetch must start by itself
			select {
			case <-cnt.started:
			case <-time.After(time.Minute): // a guard against hanging, not a measurement
				t.Fatalf("after taking page %d the next pages were never requested", page)
			}
		}
	}
	if _, err := p.Next(t.Context()); err != io.EOF {
		t.Fatalf("after 60 leads: %v, want the end", err)
	}
	// The window slides as pages are handed over: pages 2 to 5 say more
	// follow and may be taken before page 6's reply ends the listing, so
	// each may start one more page. Never more than a window past page 5.
	if got, most := cnt.count("GET"), 5+crm.DefaultConcurrency; got < 1+crm.DefaultConcurrency || got > most {
		t.Fatalf("%d pages requested; want page 1, a window of %d after it, and at most page %d", got, crm.DefaultConcurrency, most)
	}
}

// TestIterRecordsFailedPageIsAnError: the emulator refuses page_token
// past its limit; the iterator reports that instead of ending.
func TestIterRecordsFailedPageIsAnError(t *testing.T) {
	_, c, _ := startClient(t, crmsim.DefaultSeed, crmsim.Options{PageTokenLimit: 2400})
	p := c.IterRecords(t.Context(), "Leads", crm.ListOptions{})
	n := 0
	var err error
	for err == nil {
		var recs []crm.Record
		recs, err = p.Next(t.Context())
		n += len(recs)
	}
	if errorCode(err) != "PAGINATION_LIMIT_EXCEEDED" || n != 2400 {
		t.Fatalf("after %d records: %v; want PAGINATION_LIMIT_EXCEEDED after 2400", n, err)
	}
	if _, again := p.Next(t.Context()); again != err {
		t.Fatalf("Next after the failure: %v", again)
	}
}

func TestIterRecordsFirstPageError(t *testing.T) {
	_, c, _ := startClient(t, smallSeed, crmsim.Options{})
	p := c.IterRecords(t.Context(), "Nope", crm.ListOptions{})
	if _, err := p.Next(t.Context()); errorCode(err) != "INVALID_MODULE" {
		t.Fatalf("err %v", err)
	}
}

func TestSearchAndIterSearchCap(t *testing.T) {
	srv, c, _ := startClient(t, crmsim.DefaultSeed, crmsim.Options{})
	lead := srv.Records("Leads")[7]
	recs, info, err := c.SearchRecords(t.Context(), "Leads", crm.SearchOptions{Criteria: fmt.Sprintf("(Email:equals:%s)", lead["Email"])})
	if err != nil || len(recs) != 1 || recs[0]["id"] != lead["id"] || info.Count != 1 {
		t.Fatalf("search: %v %+v %v", recs, info, err)
	}
	if recs, _, err := c.SearchRecords(t.Context(), "Leads", crm.SearchOptions{Word: "no-such-word-anywhere"}); err != nil || recs != nil {
		t.Fatalf("no hits: %v %v", recs, err)
	}
	p := c.IterSearch(t.Context(), "Leads", crm.SearchOptions{Word: "https"}) // every seeded lead has an https website
	n := 0
	for err == nil {
		var recs []crm.Record
		recs, err = p.Next(t.Context())
		n += len(recs)
	}
	if !errors.Is(err, crm.ErrSearchLimit) || n != 2000 {
		t.Fatalf("after %d results: %v; want ErrSearchLimit after 2000", n, err)
	}
	p = c.IterSearch(t.Context(), "Leads", crm.SearchOptions{Criteria: "(Last_Name:equals:" + lead["Last_Name"].(string) + ")"})
	n = 0
	for err = nil; err == nil; {
		var recs []crm.Record
		recs, err = p.Next(t.Context())
		n += len(recs)
	}
	if err != io.EOF || n == 0 || n >= 2000 {
		t.Fatalf("search_iter under the cap: %d, %v", n, err)
	}
}

func TestMassUpdateTagsRelatedConvert(t *testing.T) {
	srv, c, _ := startClient(t, smallSeed, crmsim.Options{})
	leads := srv.Records("Leads")
	ids := []string{leads[0]["id"].(string), leads[1]["id"].(string)}
	res, err := c.MassUpdate(t.Context(), "Leads", ids, crm.Record{"Rating": "Active"}, crm.WriteOptions{})
	if err != nil || !res[0].OK() || res[1].ID != ids[1] {
		t.Fatalf("mass update %+v %v", res, err)
	}
	if res, err = c.AddTags(t.Context(), "Leads", ids, []string{"hot", "q3"}, false); err != nil || !res[1].OK() {
		t.Fatalf("add tags %+v %v", res, err)
	}
	if res, err = c.RemoveTags(t.Context(), "Leads", ids[:1], []string{"hot"}); err != nil || !res[0].OK() {
		t.Fatalf("remove tags %+v %v", res, err)
	}
	rec, _ := c.GetRecord(t.Context(), "Leads", ids[0], crm.GetOptions{})
	if tags := rec["Tag"].([]any); len(tags) != 1 || tags[0].(map[string]any)["name"] != "q3" || rec["Rating"] != "Active" {
		t.Fatalf("after tags: Tag %v Rating %v", rec["Tag"], rec["Rating"])
	}

	acct := srv.Records("Accounts")[2]["id"].(string)
	ins, _ := c.InsertRecords(t.Context(), "Contacts", []crm.Record{{"Last_Name": "Related"}}, crm.WriteOptions{})
	if res, err = c.LinkRecords(t.Context(), "Accounts", acct, "Contacts", []string{ins[0].ID}); err != nil || !res[0].OK() {
		t.Fatalf("link %+v %v", res, err)
	}
	rel, _, err := c.RelatedRecords(t.Context(), "Accounts", acct, "Contacts", crm.RelatedOptions{PerPage: 200})
	found := false
	for _, r := range rel {
		found = found || r["id"] == ins[0].ID
	}
	if err != nil || !found {
		t.Fatalf("related after link: %v %v", rel, err)
	}
	if res, err = c.UnlinkRecords(t.Context(), "Accounts", acct, "Contacts", []string{ins[0].ID}); err != nil || !res[0].OK() {
		t.Fatalf("unlink %+v %v", res, err)
	}

	yes := true
	conv, err := c.ConvertLead(t.Context(), ids[0], crm.ConvertOptions{Overwrite: &yes, Deals: crm.Record{"Deal_Name": "From lead", "Stage": "Qualification", "Closing_Date": "2027-01-31"}})
	if err != nil || conv.Contacts == "" || conv.Accounts == "" || conv.Deals == "" {
		t.Fatalf("convert %+v %v", conv, err)
	}
	if _, err := c.ConvertLead(t.Context(), ids[0], crm.ConvertOptions{}); errorCode(err) != "INVALID_DATA" {
		t.Fatalf("converting twice: %v", err)
	}
	if _, err := c.ConvertLead(t.Context(), ids[1], crm.ConvertOptions{Deals: crm.Record{"Deal_Name": "no stage"}}); errorCode(err) != "MANDATORY_NOT_FOUND" {
		t.Fatalf("deal without mandatory fields: %v", err)
	}
}
