package crmsim_test

import (
	"net/http"
	"testing"

	"github.com/zcrmrun/zcrmrun/crmsim"
)

// TestEmptyTextIsStoredAsNull: Zoho keeps no empty text; a field written
// "" reads back null (zoho-api.md §3: unset fields are null), so an empty
// Email is what "Email is null" finds and is no duplicate of another.
func TestEmptyTextIsStoredAsNull(t *testing.T) {
	a := startSim(t, smallSeed, crmsim.Options{})
	r := a.write("POST", "/Leads", map[string]any{"data": []any{
		map[string]any{"Last_Name": "Empty One", "Email": "", "Phone": "", "Lead_Source": ""},
		map[string]any{"Last_Name": "Empty Two", "Email": ""},
	}})
	r.want(t, http.StatusCreated, "")
	id := details(r.data(t)[0])["id"].(string)
	rec := a.do("GET", "/Leads/"+id, "").data(t)[0]
	for _, f := range []string{"Email", "Phone", "Lead_Source"} {
		if v, ok := rec[f]; !ok || v != nil {
			t.Errorf("%s written \"\" reads back %#v, want null", f, v)
		}
	}
}

// TestPicklistsTakeOnlyTheirOptions: a picklist value outside the
// field's list (as /settings/fields shows it) is INVALID_DATA naming the
// field; Zoho documents that writes send one of the options'
// display_values (help.zoho.com, "Kaizen #205: Managing picklists via Zoho
// CRM APIs"). "-None-" clears the field.
func TestPicklistsTakeOnlyTheirOptions(t *testing.T) {
	a := startSim(t, smallSeed, crmsim.Options{})
	r := a.write("POST", "/Leads", map[string]any{"data": []any{
		map[string]any{"Last_Name": "Pick A", "Lead_Status": "Contacted"},
		map[string]any{"Last_Name": "Pick B", "Lead_Status": "Hot Prospect"},
		map[string]any{"Last_Name": "Pick C", "Lead_Status": "-None-"},
	}})
	r.want(t, http.StatusMultiStatus, "")
	got := r.data(t)
	if got[0]["status"] != "success" || got[2]["status"] != "success" {
		t.Fatalf("listed option and -None-: %v", got)
	}
	d := details(got[1])
	if got[1]["code"] != "INVALID_DATA" || d["api_name"] != "Lead_Status" || d["expected_data_type"] != "picklist" {
		t.Errorf("an option outside the list: %v, want INVALID_DATA naming Lead_Status", got[1])
	}
	rec := a.do("GET", "/Leads/"+details(got[2])["id"].(string), "").data(t)[0]
	if rec["Lead_Status"] != nil {
		t.Errorf("-None- stored as %#v, want null", rec["Lead_Status"])
	}
	id := details(got[0])["id"].(string)
	a.write("PUT", "/Leads/"+id, map[string]any{"data": []any{map[string]any{"Lead_Status": "Sort of"}}}).
		want(t, http.StatusBadRequest, "")
}

// TestCOQLReturnsLookupsAsIDs: Zoho's COQL answers a lookup or user
// column with {"id"} alone; the name is a relation column of its own.
func TestCOQLReturnsLookupsAsIDs(t *testing.T) {
	a := startSim(t, smallSeed, crmsim.Options{})
	r := a.write("POST", "/coql", map[string]any{"select_query": "select Account_Name, Account_Name.Account_Name, Owner from Contacts limit 1"})
	r.want(t, http.StatusOK, "")
	row := r.data(t)[0]
	acct, _ := row["Account_Name"].(map[string]any)
	owner, _ := row["Owner"].(map[string]any)
	if len(acct) != 1 || acct["id"] == nil || len(owner) != 1 || owner["id"] == nil {
		t.Errorf("lookups %v and %v, want {id} alone", row["Account_Name"], row["Owner"])
	}
	if name, _ := row["Account_Name.Account_Name"].(string); name == "" {
		t.Errorf("Account_Name.Account_Name = %v, want the account's name", row["Account_Name.Account_Name"])
	}
}
