package crm_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/zcrmrun/zcrmrun/crm"
	"github.com/zcrmrun/zcrmrun/crmsim"
)

// The client prices every call as the emulator charges it (Zoho's table,
// zoho-api.md §7.2), so a run's own count matches the org's usage.
func TestCreditsAgreeWithEmulator(t *testing.T) {
	srv, c, _ := startClient(t, smallSeed, crmsim.Options{})
	ctx := t.Context()
	before := srv.Usage().CreditsUsed
	leads, _, err := c.ListRecords(ctx, "Leads", crm.ListOptions{PerPage: 60})
	must(t, err)
	ids := make([]string, len(leads))
	for i, l := range leads {
		ids[i] = l["id"].(string)
	}
	_, _, err = c.ListRecords(ctx, "Leads", crm.ListOptions{SortBy: "Last_Name"})
	must(t, err)
	_, err = c.GetRecord(ctx, "Leads", ids[0], crm.GetOptions{})
	must(t, err)
	_, _, err = c.SearchRecords(ctx, "Leads", crm.SearchOptions{Word: "a"})
	must(t, err)
	recs := make([]crm.Record, 25) // 3 credits: a credit per 10 records
	for i := range recs {
		recs[i] = crm.Record{"Last_Name": fmt.Sprint("Credit ", i), "Email": fmt.Sprintf("credit%d@x.example", i)}
	}
	_, err = c.InsertRecords(ctx, "Leads", recs, crm.WriteOptions{})
	must(t, err)
	upd := make([]crm.Record, 12)
	for i := range upd {
		upd[i] = crm.Record{"id": ids[i], "Rating": "Active"}
	}
	_, err = c.UpdateRecords(ctx, "Leads", upd, crm.WriteOptions{})
	must(t, err)
	_, err = c.UpsertRecords(ctx, "Leads", recs[:5], crm.WriteOptions{DuplicateCheckFields: []string{"Email"}})
	must(t, err)
	_, err = c.AddTags(ctx, "Leads", ids[:55], []string{"credit"}, false) // 2 credits: one per 50
	must(t, err)
	_, err = c.MassUpdate(ctx, "Leads", ids[12:20], crm.Record{"Rating": "Acquired"}, crm.WriteOptions{})
	must(t, err)
	notes := make([]crm.Record, 11) // POST /Notes prices as a write of 11 records
	for i := range notes {
		notes[i] = crm.Record{"Note_Content": "n", "Parent_Id": ids[i], "se_module": "Leads"}
	}
	_, err = c.CreateNotes(ctx, "", "", notes)
	must(t, err)
	_, err = c.ConvertLead(ctx, ids[30], crm.ConvertOptions{}) // 5
	must(t, err)
	_, err = c.DeleteRecords(ctx, "Leads", ids[40:43], nil)
	must(t, err)
	_, _, err = c.DeletedRecords(ctx, "Leads", crm.DeletedOptions{}) // 2
	must(t, err)
	_, _, err = c.COQL(ctx, "select Last_Name from Leads where Last_Name is not null limit 5")
	must(t, err)
	// A raw request is priced off its path and body like the typed call.
	raw := make([]crm.Record, 11)
	for i := range raw {
		raw[i] = crm.Record{"Last_Name": "Raw"}
	}
	_, err = c.Do(ctx, crm.Request{Method: http.MethodPost, Path: "/Leads", Body: map[string]any{"data": raw}})
	must(t, err)

	spent := int64(srv.Usage().CreditsUsed - before)
	if got := c.Stats().Credits; got != spent {
		t.Fatalf("client counted %d credits, the emulator charged %d", got, spent)
	}
	if spent < 25 { // the workload above costs well past one credit per call
		t.Fatalf("emulator charged only %d credits", spent)
	}
}

// A budget stops the call that would pass it before anything is sent.
func TestBudgetRefusesBeforeSending(t *testing.T) {
	m := crm.NewMeter(4)
	srv, c, cnt := startClient(t, smallSeed, crmsim.Options{}, crm.WithMeter(m))
	ctx := t.Context()
	_, _, err := c.ListRecords(ctx, "Leads", crm.ListOptions{})
	must(t, err)
	recs := make([]crm.Record, 40) // 4 credits: 1 + 4 > 4
	for i := range recs {
		recs[i] = crm.Record{"Last_Name": "Budget"}
	}
	posts := cnt.count(http.MethodPost)
	used := srv.Usage().CreditsUsed
	_, err = c.InsertRecords(ctx, "Leads", recs, crm.WriteOptions{})
	var be *crm.BudgetError
	if !errors.As(err, &be) || be.Budget != 4 || be.Spent != 1 {
		t.Fatalf("insert past the budget: %v", err)
	}
	if cnt.count(http.MethodPost) != posts || srv.Usage().CreditsUsed != used {
		t.Fatal("a call past the budget reached the CRM")
	}
	// What the budget still covers goes through.
	_, err = c.InsertRecords(ctx, "Leads", recs[:30], crm.WriteOptions{})
	must(t, err)
	if st := m.Stats(); st.Credits != 4 || st.Calls != 2 {
		t.Fatalf("stats %+v, want 4 credits in 2 calls", st)
	}
}

// A dry run sends reads, not writes, answers writes in Zoho's shapes with
// placeholder ids, and summarises them with before → after for records
// it read.
func TestDryRunSendsNoWrites(t *testing.T) {
	d := crm.NewDryRun()
	srv, c, cnt := startClient(t, smallSeed, crmsim.Options{}, crm.WithDryRun(d))
	ctx := t.Context()
	leads, _, err := c.ListRecords(ctx, "Leads", crm.ListOptions{PerPage: 5})
	must(t, err)
	id := leads[0]["id"].(string)
	oldName := leads[0]["Last_Name"]

	rs, err := c.UpdateRecords(ctx, "Leads", []crm.Record{{"id": id, "Last_Name": "Rehearsed"}}, crm.WriteOptions{})
	must(t, err)
	if !rs[0].OK() || rs[0].ID != id {
		t.Fatalf("simulated update: %+v", rs[0])
	}
	created, err := c.InsertRecords(ctx, "Leads", []crm.Record{{"Last_Name": "A"}, {"Last_Name": "B"}}, crm.WriteOptions{})
	must(t, err)
	if created[0].ID != "dryrun-1" || created[1].ID != "dryrun-2" {
		t.Fatalf("placeholder ids: %q %q", created[0].ID, created[1].ID)
	}
	up, err := c.UpsertRecords(ctx, "Leads", []crm.Record{{"Last_Name": "X", "Email": leads[1]["Email"]}}, crm.WriteOptions{DuplicateCheckFields: []string{"Email"}})
	must(t, err)
	if up[0].Action != "update" || up[0].ID != leads[1]["id"] {
		t.Fatalf("upsert matching a record read: %+v", up[0])
	}
	conv, err := c.ConvertLead(ctx, leads[2]["id"].(string), crm.ConvertOptions{})
	must(t, err)
	if !strings.HasPrefix(conv.Contacts, crm.PlaceholderPrefix) || conv.Deals != "" {
		t.Fatalf("simulated conversion: %+v", conv)
	}
	_, err = c.DeleteRecords(ctx, "Leads", []string{leads[3]["id"].(string)}, nil)
	must(t, err)
	_, err = c.AddTags(ctx, "Leads", []string{id}, []string{"t"}, false)
	must(t, err)
	_, err = c.CreateNotes(ctx, "Leads", id, []crm.Record{{"Note_Content": "x"}})
	must(t, err)
	_, err = c.UploadAttachment(ctx, "Leads", id, "a.txt", []byte("hi"))
	must(t, err)
	_, err = c.LinkRecords(ctx, "Leads", id, "Campaigns", []string{"1", "2"})
	must(t, err)
	// A function may write, whatever its method: none runs.
	gets := cnt.count(http.MethodGet)
	if _, err := c.ExecuteFunction(ctx, "score_leads", map[string]any{"n": 1}, http.MethodGet); err != nil {
		t.Fatal(err)
	}
	if cnt.count(http.MethodGet) != gets {
		t.Fatal("a function ran in a dry run")
	}
	// COQL is a read sent as POST: it goes through.
	_, _, err = c.COQL(ctx, "select Last_Name from Leads where Last_Name is not null limit 2")
	must(t, err)

	if n := cnt.count(http.MethodPut) + cnt.count(http.MethodDelete); n != 0 {
		t.Fatalf("%d writes were sent", n)
	}
	// The prediction's own reads (fields, COQL) go through; no write does.
	if n := cnt.count(http.MethodPost) - cnt.count("POST /crm/v2/coql"); n != 0 {
		t.Fatalf("%d POSTs other than COQL queries sent", n)
	}
	got, err := c.GetRecord(ctx, "Leads", id, crm.GetOptions{})
	must(t, err)
	if got["Last_Name"] != oldName {
		t.Fatalf("the CRM changed: Last_Name %v", got["Last_Name"])
	}
	_ = srv
	var sum strings.Builder
	d.WriteSummary(&sum)
	for _, want := range []string{
		fmt.Sprintf("Last_Name %q → \"Rehearsed\"", oldName),
		"Leads create: 2", "Leads upsert: 1", "Leads convert: 1", "Leads delete: 1", "Leads add_tags: 1",
		"Notes create: 1", "Attachments upload: 1", "a.txt", "Leads link: 2", "functions execute: 1",
	} {
		if !strings.Contains(sum.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, sum.String())
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// A dry run's summary cuts long text, saying how long it was, and names
// lookups and owners by name and id.
func TestDryRunSummaryIsBrief(t *testing.T) {
	d := crm.NewDryRun()
	_, c, _ := startClient(t, smallSeed, crmsim.Options{}, crm.WithDryRun(d))
	ctx := t.Context()
	leads, _, err := c.ListRecords(ctx, "Leads", crm.ListOptions{PerPage: 2, Fields: []string{"Last_Name", "Owner"}})
	must(t, err)
	owner, _ := leads[0]["Owner"].(map[string]any)
	if owner["name"] == nil || owner["id"] == nil {
		t.Fatalf("the seed's owner has no name and id: %v", leads[0]["Owner"])
	}
	long := strings.Repeat("x", 15000)
	_, err = c.UpdateRecords(ctx, "Leads", []crm.Record{{"id": leads[0]["id"], "Description": long, "Owner": map[string]any{"id": owner["id"]}}}, crm.WriteOptions{})
	must(t, err)
	var sum strings.Builder
	d.WriteSummary(&sum)
	if sum.Len() > 600 {
		t.Errorf("summary of %d bytes:\n%s", sum.Len(), sum.String())
	}
	for _, want := range []string{"(15000 characters)", fmt.Sprintf("Owner %v (%v) → %v", owner["name"], owner["id"], owner["id"])} {
		if !strings.Contains(sum.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, sum.String())
		}
	}
}
