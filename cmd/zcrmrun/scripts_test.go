package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zcrmrun/zcrmrun/config"
	"github.com/zcrmrun/zcrmrun/crm"
	"github.com/zcrmrun/zcrmrun/english"
	"github.com/zcrmrun/zcrmrun/session"
)

// The example scripts in scripts/ run here against a seeded emulator,
// through the same environment `zcrmrun run` gives them, and the tests
// check what each one left in the CRM.

func startScriptSandbox(t *testing.T) *session.Sandbox {
	t.Helper()
	sb, err := session.StartSandbox(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	return sb
}

// runExample runs scripts/name with args against sb, its session made
// with opts, and fails the test unless it exits 0.
func runExample(t *testing.T, sb *session.Sandbox, opts []session.Option, name string, args ...string) (stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	c := &cli{stdout: &out, stderr: &errOut}
	h := &host{cfg: config.Empty(), sess: sb.Session("", opts...), sandbox: sb, sandboxed: true}
	if code := c.runScript(t.Context(), c.scriptEnv(h, time.Minute), filepath.Join("..", "..", "scripts", name), args); code != exitOK {
		t.Fatalf("%s exited %d\nstdout:\n%s\nstderr:\n%s", name, code, out.String(), errOut.String())
	}
	return out.String(), errOut.String()
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func byID(recs []map[string]any) map[string]map[string]any {
	m := make(map[string]map[string]any, len(recs))
	for _, r := range recs {
		m[r["id"].(string)] = r
	}
	return m
}

func byEmail(recs []map[string]any) map[string]map[string]any {
	m := map[string]map[string]any{}
	for _, r := range recs {
		if e, ok := r["Email"].(string); ok {
			m[e] = r
		}
	}
	return m
}

func TestImportLeadsCSV(t *testing.T) {
	sb := startScriptSandbox(t)
	before := byEmail(sb.Server.Records("Leads"))
	oldRosa := before["rosa.castillo2@acmeltd.example"]
	rejected := filepath.Join(t.TempDir(), "rejected.csv")
	out, _ := runExample(t, sb, nil, "import_leads_csv.lua", "../../scripts/data/leads_import.csv", "--rejected="+rejected)

	after := byEmail(sb.Server.Records("Leads"))
	if len(after) != len(before)+2 {
		t.Errorf("%d leads with an email after the import, want %d (2 inserted)", len(after), len(before)+2)
	}
	if m := after["marta.kowalczyk@northwind.example"]; m == nil || m["Company"] != "Northwind, Traders" || m["Annual_Revenue"] == nil {
		t.Errorf("new lead from line 3: %v", m)
	}
	if r := after["rosa.castillo2@acmeltd.example"]; r == nil || r["id"] != oldRosa["id"] || r["Phone"] != "+1 555 4242" || r["Lead_Source"] != "External Referral" {
		t.Errorf("existing lead matched by an email in capitals was not updated in place: %v", r)
	}
	for _, bad := range []string{"nobody@fabrikam.example", "paulo.ferreira@litware.example", "greta.lindholm(at)woodgrove.example"} {
		if after[bad] != nil {
			t.Errorf("rejected row %s was imported", bad)
		}
	}
	for _, want := range []string{
		`column "Favourite Colour" matches no Leads field`,
		"line 5: rejected: Last Name is empty",
		"line 6: rejected: Email",
		"line 7: rejected: Email repeats line 3",
		"line 8: rejected: INVALID_DATA",
		"2 inserted, 2 updated, 4 rejected",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	rows := readCSV(t, rejected)
	if len(rows) != 5 || !slices.Equal(rows[0], []string{"line", "Email", "reason"}) || rows[4][0] != "8" {
		t.Errorf("rejected.csv: %q", rows)
	}
}

// A Latin-1 export (0xF1 is U+00F1 in ISO 8859-1) imports with its accents
// when the script is told the encoding.
func TestImportLeadsCSVInLatin1(t *testing.T) {
	sb := startScriptSandbox(t)
	path := filepath.Join(t.TempDir(), "latin1.csv")
	if err := os.WriteFile(path, []byte("Last Name,Email\r\nMu\xf1oz,ana.munoz@latin1.example\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	runExample(t, sb, nil, "import_leads_csv.lua", path, "--encoding=latin1")
	if got := byEmail(sb.Server.Records("Leads"))["ana.munoz@latin1.example"]; got == nil || got["Last_Name"] != "Mu\u00f1oz" {
		t.Errorf("imported lead: %v", got)
	}
}

func TestExportModuleCSV(t *testing.T) {
	sb := startScriptSandbox(t)
	dest := filepath.Join(t.TempDir(), "contacts.csv")
	out, _ := runExample(t, sb, nil, "export_module_csv.lua", "Contacts", dest, "Full_Name,Email,Account_Name")
	rows := readCSV(t, dest)
	contacts := sb.Server.Records("Contacts")
	if len(rows) != len(contacts)+1 || !slices.Equal(rows[0], []string{"Full_Name", "Email", "Account_Name"}) {
		t.Fatalf("%d rows with header %q for %d contacts", len(rows), rows[0], len(contacts))
	}
	got := map[string]bool{}
	for _, r := range rows[1:] {
		got[strings.Join(r, "|")] = true
	}
	for _, c := range contacts {
		want := fmt.Sprintf("%s|%s|%s", c["Full_Name"], c["Email"], c["Account_Name"].(map[string]any)["name"])
		if !got[want] {
			t.Fatalf("no row %q", want)
		}
	}
	if !strings.Contains(out, fmt.Sprintf("exported %d Contacts", len(contacts))) {
		t.Errorf("output: %s", out)
	}
}

// seededDuplicates are the seed's duplicate contacts (crmsim
// seedDuplicates): the last contacts, each with the id of the contact it
// repeats (same name, created earlier).
func seededDuplicates(t *testing.T, sb *session.Sandbox) (dups map[string]string) {
	t.Helper()
	contacts := sb.Server.Records("Contacts")
	dups = map[string]string{}
	for _, d := range contacts[len(contacts)-6:] {
		for _, c := range contacts[:len(contacts)-6] {
			if c["Full_Name"] == d["Full_Name"] && strings.EqualFold(fmt.Sprint(c["Email"]), fmt.Sprint(d["Email"])) ||
				c["Full_Name"] == d["Full_Name"] && d["Phone"] != nil && strings.Trim(strings.NewReplacer("(", "", ")", "", "-", " ").Replace(d["Phone"].(string)), " ") == c["Phone"] {
				dups[d["id"].(string)] = c["id"].(string)
			}
		}
	}
	if len(dups) != 6 {
		t.Fatalf("found %d of the 6 seeded duplicates", len(dups))
	}
	return dups
}

func TestDedupeContacts(t *testing.T) {
	sb := startScriptSandbox(t)
	dups := seededDuplicates(t, sb)
	client := sb.Session("").CRM()
	for dup := range dups {
		if _, err := client.CreateNotes(t.Context(), "Contacts", dup, []crm.Record{{"Note_Title": "call", "Note_Content": "spoke to " + dup}}); err != nil {
			t.Fatal(err)
		}
	}
	n := len(sb.Server.Records("Contacts"))

	out, _ := runExample(t, sb, nil, "dedupe_contacts.lua")
	if len(sb.Server.Records("Contacts")) != n {
		t.Fatal("a report without --merge changed the contacts")
	}
	if !strings.Contains(out, "5 groups of duplicates, 6 duplicates") {
		t.Errorf("report:\n%s", out)
	}
	// Every third seeded duplicate has no phone (crmsim.seedDuplicates).
	if strings.Contains(out, "null") || strings.Count(out, "(no phone)") != 2 {
		t.Errorf("a missing phone is not reported as such:\n%s", out)
	}

	out, _ = runExample(t, sb, nil, "dedupe_contacts.lua", "--merge")
	after := byID(sb.Server.Records("Contacts"))
	if len(after) != n-6 {
		t.Errorf("%d contacts after merging, want %d", len(after), n-6)
	}
	notes := sb.Server.Records("Notes")
	for dup, orig := range dups {
		if after[dup] != nil {
			t.Errorf("duplicate %s survived", dup)
		}
		if after[orig] == nil {
			t.Errorf("oldest contact %s was deleted", orig)
		}
		moved := false
		for _, note := range notes {
			parent := note["Parent_Id"].(map[string]any)["id"]
			if parent == orig && strings.Contains(fmt.Sprint(note["Note_Content"]), "spoke to "+dup) {
				moved = true
			}
		}
		if !moved {
			t.Errorf("the note of duplicate %s is not on contact %s", dup, orig)
		}
	}
	if !strings.Contains(out, "6 notes moved, 6 duplicates deleted") {
		t.Errorf("merge output:\n%s", out)
	}
}

func TestStaleDeals(t *testing.T) {
	sb := startScriptSandbox(t)
	now := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	cutoff := now.AddDate(0, 0, -20)
	stale := map[string]int{} // owner id -> stale deals
	for _, d := range sb.Server.Records("Deals") {
		mt, err := time.Parse(time.RFC3339, d["Modified_Time"].(string))
		if err != nil {
			t.Fatal(err)
		}
		if d["Stage"] != "Closed Won" && d["Stage"] != "Closed Lost" && mt.Before(cutoff) {
			stale[d["Owner"].(map[string]any)["id"].(string)]++
		}
	}
	if len(stale) < 2 {
		t.Fatalf("the seed has stale deals for %d owners at %s", len(stale), now)
	}
	tasksBefore := len(sb.Server.Records("Tasks"))
	out, _ := runExample(t, sb, nil, "stale_deals.lua", "--days=20", "--now="+now.Format(time.RFC3339), "--due=3")
	tasks := sb.Server.Records("Tasks")[tasksBefore:]
	if len(tasks) != len(stale) {
		t.Fatalf("%d tasks for %d owners with stale deals\n%s", len(tasks), len(stale), out)
	}
	for _, task := range tasks {
		owner := task["Owner"].(map[string]any)["id"].(string)
		if want := "Review " + english.Count(stale[owner], "stale deal"); task["Subject"] != want {
			t.Errorf("task of %s: %q, want %q", owner, task["Subject"], want)
		}
		if task["Due_Date"] != "2024-03-04" || strings.Count(fmt.Sprint(task["Description"]), "\n- ") != stale[owner] {
			t.Errorf("task of %s: due %v, description:\n%v", owner, task["Due_Date"], task["Description"])
		}
		delete(stale, owner)
	}
}

func TestAssignLeadsRoundRobin(t *testing.T) {
	sb := startScriptSandbox(t)
	client := sb.Session("").CRM()
	users, _, err := client.Users(t.Context(), crm.UsersOptions{Type: "AllUsers"})
	if err != nil {
		t.Fatal(err)
	}
	var lena string
	var active []string
	for _, u := range users {
		switch {
		case u["status"] != "active":
			lena = u["id"].(string)
		default:
			active = append(active, u["id"].(string))
		}
	}
	// The demo org's deactivated user has leads left, which the script
	// finds with no --queue; it assigns those, oldest first, then these.
	seeded := 0
	for _, l := range sb.Server.Records("Leads") {
		if l["Owner"].(map[string]any)["id"] == lena {
			seeded++
		}
	}
	if seeded == 0 {
		t.Fatal("the seeded deactivated user owns no leads")
	}
	recs := make([]crm.Record, 10)
	for i := range recs {
		recs[i] = crm.Record{"Last_Name": fmt.Sprint("Orphan ", i), "Owner": map[string]any{"id": lena}}
	}
	res, err := client.InsertRecords(t.Context(), "Leads", recs, crm.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out, _ := runExample(t, sb, nil, "assign_leads_round_robin.lua")
	leads := byID(sb.Server.Records("Leads"))
	count := map[string]int{}
	for i, r := range res {
		owner := leads[r.ID]["Owner"].(map[string]any)["id"].(string)
		if want := active[(seeded+i)%len(active)]; owner != want {
			t.Errorf("lead %d went to %s, want %s (users in turn)", i, owner, want)
		}
		count[owner]++
	}
	for _, l := range leads {
		if l["Owner"].(map[string]any)["id"] == lena {
			t.Errorf("lead %s still belongs to the deactivated user", l["id"])
		}
	}
	if want := fmt.Sprintf("%d unassigned leads, %[1]d assigned to 4 active users", seeded+10); !strings.Contains(out, want) {
		t.Errorf("output:\n%s", out)
	}
}

// A dry run of a script sends no writes and summarises them.
func TestDryRunOfAnExample(t *testing.T) {
	out, errOut, code := runCLI(t, "run", "--sandbox", "--dry-run", "--stats", "../../scripts/dedupe_contacts.lua", "--merge")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "6 duplicates deleted (dry run: nothing was written)") {
		t.Errorf("stdout:\n%s", out)
	}
	for _, want := range []string{"dry run: 6 writes not sent", "  Contacts delete: 6", "... and 3 more", "stats: "} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

// --max-credits stops a run before the call that would pass the budget.
func TestMaxCreditsStopsTheRun(t *testing.T) {
	_, errOut, code := runCLI(t, "run", "--sandbox", "--max-credits", "3", "--stats", "../../scripts/dedupe_contacts.lua")
	if code != exitScript || !strings.Contains(errOut, "API credit budget of 3 reached") || !strings.Contains(errOut, "stats: 3 calls, 3 API credits of a budget of 3") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
}

// Counts of one read in the singular: "1 call", never "1 calls" (issue 13).
func TestCountsOfOneReadInTheSingular(t *testing.T) {
	dir := t.TempDir()
	one := writeFile(t, dir, "one.lua", `crm.records.create("Leads", {Last_Name = "Singular"})`+"\n")
	_, errOut, code := runCLI(t, "run", "--sandbox", "--dry-run", "--stats", one)
	if code != exitOK || !strings.Contains(errOut, "dry run: 1 write not sent (it would have cost 1 API credit)") ||
		!strings.Contains(errOut, "stats: 1 call, 1 API credit, 0 retries, 0 answered 429, 0 tokens refreshed") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}

	sb := startScriptSandbox(t)
	out, _ := runExample(t, sb, nil, "export_module_csv.lua", "Accounts", filepath.Join(dir, "a.csv"), "Account_Name")
	if !strings.Contains(out, "(1 column)") {
		t.Errorf("export: %s", out)
	}
	var dup string
	for d := range seededDuplicates(t, sb) {
		dup = d
		break
	}
	if _, err := sb.Session("").CRM().CreateNotes(t.Context(), "Contacts", dup, []crm.Record{{"Note_Content": "one note"}}); err != nil {
		t.Fatal(err)
	}
	if out, _ = runExample(t, sb, nil, "dedupe_contacts.lua", "--merge"); !strings.Contains(out, "5 groups merged: 1 note moved, 6 duplicates deleted") {
		t.Errorf("dedupe: %s", out)
	}
}
