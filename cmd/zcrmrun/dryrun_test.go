package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zcrmrun/zcrmrun/crm"
	"github.com/zcrmrun/zcrmrun/session"
)

// The tests of this file check a dry run against the real run that
// follows it on the same emulator: the real run is the reference, so a
// dry run is right when it says what the real run then does.

// withoutDryRunNote drops what only a dry run prints.
func withoutDryRunNote(out string) string {
	return strings.ReplaceAll(out, " (dry run: nothing was written)", "")
}

// rehearse runs scripts/name as a dry run, then for real, on sb, and
// returns both outputs.
func rehearse(t *testing.T, sb *session.Sandbox, name string, args ...string) (dry, real string) {
	t.Helper()
	dry, _ = runExample(t, sb, []session.Option{session.WithDryRun(crm.NewDryRun())}, name, args...)
	real, _ = runExample(t, sb, nil, name, args...)
	return dry, real
}

// TestDryRunPredictsTheImport: a dry run of the CSV import says what the
// import then does, the first time (existing emails are updated, a bad
// number is refused by its field's type) and the second (the rows
// inserted the first time now exist).
func TestDryRunPredictsTheImport(t *testing.T) {
	sb := startScriptSandbox(t)
	for round := 1; round <= 2; round++ {
		dry, real := rehearse(t, sb, "import_leads_csv.lua", "../../scripts/data/leads_import.csv")
		if !strings.Contains(dry, "(dry run: nothing was written)") {
			t.Fatalf("round %d: not a dry run:\n%s", round, dry)
		}
		if withoutDryRunNote(dry) != real {
			t.Errorf("round %d: the dry run predicted\n%s\nthe real run did\n%s", round, dry, real)
		}
	}
}

// TestDryRunPredictsFailedUpdates: an update of an unknown id, of a
// record without an id, with a value of the wrong type and with a
// duplicate of a unique value are failures in the dry run as in the real
// run, with the same codes in the same places; a delete of an unknown id
// too.
func TestDryRunPredictsFailedUpdates(t *testing.T) {
	sb := startScriptSandbox(t)
	script := filepath.Join(t.TempDir(), "bulk.lua")
	src := `
local leads = crm.records.list("Leads", {per_page = 40, fields = {"Last_Name", "Email"}})
local changes = {}
for i, l in ipairs(leads) do changes[i] = {id = l.id, Lead_Status = "Contacted"} end
changes[#changes + 1] = {id = "5725767000099999999", Lead_Status = "Contacted"}
changes[#changes + 1] = {Lead_Status = "Contacted"}
changes[#changes + 1] = {id = leads[2].id, Annual_Revenue = "lots"}
changes[#changes + 1] = {id = leads[3].id, Email = leads[4].Email}
changes[#changes + 1] = {id = leads[5].id, Last_Name = ""}
local out = {}
for i, r in ipairs(crm.records.update("Leads", changes)) do
  out[#out + 1] = i .. ":" .. r.status .. ":" .. (r.code or "")
end
print(table.concat(out, " "))
local ids = {leads[6].id, "5725767000099999998", leads[6].id}
local del = {}
for i, r in ipairs(crm.records.delete("Leads", ids)) do del[#del + 1] = i .. ":" .. r.status .. ":" .. (r.code or "") end
print(table.concat(del, " "))
local created = crm.records.create("Leads", {{Last_Name = "Dup", Email = leads[7].Email}, {Email = "no-name@x.example"}, {Last_Name = "Fresh", Email = "fresh.one@x.example"}, {Last_Name = "Again", Email = "fresh.one@x.example"}})
local cr = {}
for i, r in ipairs(created) do cr[#cr + 1] = i .. ":" .. r.status .. ":" .. (r.code or "") end
print(table.concat(cr, " "))
`
	if err := os.WriteFile(script, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	scripts, err := filepath.Abs(filepath.Join("..", "..", "scripts"))
	if err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(scripts, script)
	if err != nil {
		t.Fatal(err)
	}
	dry, real := rehearse(t, sb, rel)
	t.Logf("real run:\n%s", real)
	if dry != real {
		t.Errorf("the dry run predicted\n%s\nthe real run did\n%s", dry, real)
	}
	if !strings.Contains(real, "41:error:INVALID_DATA 42:error:MANDATORY_NOT_FOUND") {
		t.Errorf("the real run itself changed (the test's premise):\n%s", real)
	}
}
