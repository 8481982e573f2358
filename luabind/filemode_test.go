package luabind_test

import (
	"os"
	"path/filepath"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// CSV exports and attachment downloads hold CRM records, personal data:
// they are written 0600, new or written over (an existing 0644 export
// included), into a named file or into a folder under Zoho's file name.
func TestExportsAndDownloadsAreOwnerOnly(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "old.csv")
	if err := os.WriteFile(old, []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	upload := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(upload, []byte("call back on Monday"), 0o644); err != nil {
		t.Fatal(err)
	}
	L := newState(t)
	L.SetGlobal("DIR", lua.LString(dir))
	err := L.DoString(`
		local leads = crm.records.list("Leads", {page = 23, per_page = 2, fields = {"Last_Name", "Email"}})
		assert(csv.write(DIR .. "/new.csv", leads, {fields = {"id", "Last_Name", "Email"}}) == 2)
		assert(csv.write(DIR .. "/old.csv", leads, {fields = {"id", "Email"}}) == 2)
		local att = crm.attachments.upload("Leads", leads[1].id, DIR .. "/notes.txt")
		crm.attachments.download("Leads", leads[1].id, att.id, DIR .. "/download.txt")
		assert(crm.attachments.download("Leads", leads[1].id, att.id, DIR).path == DIR .. "/notes.txt")
	`)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"new.csv", "old.csv", "download.txt", "notes.txt"} {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", name, st.Mode().Perm())
		}
	}
}
