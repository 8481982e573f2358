package crmsim_test

import (
	"net/http"
	"testing"

	"github.com/zcrmrun/zcrmrun/crmsim"
)

func TestMassUpdate(t *testing.T) {
	a := startSim(t, smallSeed, crmsim.Options{})
	ids := a.createLeads("M1", "M2")
	r := a.write("POST", "/Leads/actions/mass_update", map[string]any{
		"data": []any{map[string]any{"Lead_Status": "Contacted"}}, "ids": []any{ids[0], "5725767999999999999", ids[1]},
	})
	r.want(t, http.StatusMultiStatus, "")
	data := r.data(t)
	if data[0]["code"] != "SUCCESS" || data[1]["code"] != "INVALID_DATA" || details(data[2])["id"] != ids[1] {
		t.Fatalf("results %v", data)
	}
	for _, id := range ids {
		if s := a.do("GET", "/Leads/"+id, "").data(t)[0]["Lead_Status"]; s != "Contacted" {
			t.Fatalf("Lead_Status %v", s)
		}
	}
}

func TestConvertLead(t *testing.T) {
	a := startSim(t, smallSeed, crmsim.Options{})
	r := a.write("POST", "/Leads", map[string]any{"data": []any{map[string]any{
		"First_Name": "Ada", "Last_Name": "Lovelace", "Email": "ada@engines.example", "Company": "Analytical Engines",
	}}})
	lead := details(r.data(t)[0])["id"].(string)
	r = a.write("POST", "/Leads/"+lead+"/actions/convert", map[string]any{"data": []any{map[string]any{
		"overwrite": true, "Deals": map[string]any{"Deal_Name": "Engine", "Closing_Date": "2026-12-01", "Stage": "Qualification", "Amount": 1000},
	}}})
	r.want(t, http.StatusOK, "")
	out := r.data(t)[0]
	contact := a.do("GET", "/Contacts/"+out["Contacts"].(string), "").data(t)[0]
	account := a.do("GET", "/Accounts/"+out["Accounts"].(string), "").data(t)[0]
	deal := a.do("GET", "/Deals/"+out["Deals"].(string), "").data(t)[0]
	if contact["Email"] != "ada@engines.example" || account["Account_Name"] != "Analytical Engines" {
		t.Fatalf("contact %v account %v", contact, account)
	}
	if deal["Contact_Name"].(map[string]any)["id"] != contact["id"] || deal["Account_Name"].(map[string]any)["id"] != account["id"] {
		t.Fatalf("deal lookups %v %v", deal["Contact_Name"], deal["Account_Name"])
	}
	if l := a.do("GET", "/Leads/"+lead, "").data(t)[0]; l["$converted"] != true {
		t.Fatalf("lead not marked converted: %v", l["$converted"])
	}
	a.write("POST", "/Leads/"+lead+"/actions/convert", map[string]any{"data": []any{map[string]any{}}}).want(t, http.StatusBadRequest, "INVALID_DATA")
	r = a.write("POST", "/Leads/"+a.createLeads("NoDeal")[0]+"/actions/convert", map[string]any{"data": []any{map[string]any{"Deals": map[string]any{"Deal_Name": "x"}}}})
	r.want(t, http.StatusBadRequest, "")
	if r.data(t)[0]["code"] != "MANDATORY_NOT_FOUND" {
		t.Fatalf("deal without Stage: %v", r.body)
	}
}

func TestRelatedLinkUnlink(t *testing.T) {
	a := startSim(t, smallSeed, crmsim.Options{})
	acct := a.srv.Records("Accounts")[0]["id"].(string)
	r := a.write("POST", "/Contacts", map[string]any{"data": []any{map[string]any{"Last_Name": "Linked"}, map[string]any{"Last_Name": "Also"}}})
	c1, c2 := details(r.data(t)[0])["id"].(string), details(r.data(t)[1])["id"].(string)
	before := a.do("GET", "/Accounts/"+acct+"/Contacts?per_page=200", "")
	n := 0
	if before.status == http.StatusOK {
		n = len(before.data(t))
	}
	a.write("PUT", "/Accounts/"+acct+"/Contacts", map[string]any{"data": []any{map[string]any{"id": c1}, map[string]any{"id": c2}}}).want(t, http.StatusOK, "")
	after := a.do("GET", "/Accounts/"+acct+"/Contacts?per_page=200", "").data(t)
	if len(after) != n+2 {
		t.Fatalf("related contacts %d, want %d", len(after), n+2)
	}
	if ref := a.do("GET", "/Contacts/"+c1, "").data(t)[0]["Account_Name"].(map[string]any); ref["id"] != acct {
		t.Fatalf("linking through a lookup sets it: %v", ref)
	}
	r = a.do("DELETE", "/Accounts/"+acct+"/Contacts?ids="+c1+","+c1, "")
	r.want(t, http.StatusMultiStatus, "")
	if r.data(t)[1]["code"] != "INVALID_DATA" {
		t.Fatalf("unlinking twice: %v", r.body)
	}
	if got := len(a.do("GET", "/Accounts/"+acct+"/Contacts?per_page=200", "").data(t)); got != n+1 {
		t.Fatalf("after unlink %d related, want %d", got, n+1)
	}
	// Leads and Deals have no lookup between them: the relation is a link.
	lead, deal := a.srv.Records("Leads")[0]["id"].(string), a.srv.Records("Deals")[0]["id"].(string)
	a.do("GET", "/Leads/"+lead+"/Deals", "").want(t, http.StatusNoContent, "")
	a.do("PUT", "/Leads/"+lead+"/Deals/"+deal, "").want(t, http.StatusOK, "")
	if d := a.do("GET", "/Deals/"+deal+"/Leads", "").data(t); len(d) != 1 || d[0]["id"] != lead {
		t.Fatalf("reverse relation %v", d)
	}
	if d := a.do("GET", "/Leads/"+lead+"/Deals/"+deal, "").data(t); len(d) != 1 || d[0]["id"] != deal {
		t.Fatalf("one related record %v", d)
	}
	a.do("GET", "/Leads/"+lead+"/Deals/"+deal, "", "If-Modified-Since", "2099-01-01T00:00:00+00:00").want(t, http.StatusNotModified, "")
	a.do("DELETE", "/Leads/"+lead+"/Deals/"+deal, "").want(t, http.StatusOK, "")
	a.do("GET", "/Leads/"+lead+"/Deals/"+deal, "").want(t, http.StatusNoContent, "")
	a.do("GET", "/Leads/"+lead+"/Deals", "").want(t, http.StatusNoContent, "")
	a.do("GET", "/Leads/"+lead+"/Nope", "").want(t, http.StatusBadRequest, "INVALID_DATA")
}

func TestTags(t *testing.T) {
	a := startSim(t, smallSeed, crmsim.Options{})
	ids := a.createLeads("T1", "T2")
	r := a.do("POST", "/Leads/actions/add_tags?ids="+ids[0]+","+ids[1]+"&tag_names=vip,2026", "")
	r.want(t, http.StatusOK, "")
	if tags := details(r.data(t)[1])["tags"].([]any); len(tags) != 2 || tags[0] != "vip" {
		t.Fatalf("tags %v", tags)
	}
	a.do("POST", "/Leads/"+ids[0]+"/actions/remove_tags?tag_names=VIP", "").want(t, http.StatusOK, "")
	tags := a.do("GET", "/Leads/"+ids[0], "").data(t)[0]["Tag"].([]any)
	if len(tags) != 1 || tags[0].(map[string]any)["name"] != "2026" {
		t.Fatalf("Tag after remove %v", tags)
	}
	a.do("POST", "/Leads/actions/add_tags?ids="+ids[0], "").want(t, http.StatusBadRequest, "REQUIRED_PARAM_MISSING")
}

// TestStateKeepsRecycleBinAndLinks: --state files carry the recycle bin
// and relations made by link across a restart.
func TestStateKeepsRecycleBinAndLinks(t *testing.T) {
	a := startSim(t, smallSeed, crmsim.Options{})
	ids := a.createLeads("Binned", "Linked")
	deal := a.srv.Records("Deals")[0]["id"].(string)
	a.do("DELETE", "/Leads?ids="+ids[0], "").want(t, http.StatusOK, "")
	a.do("PUT", "/Leads/"+ids[1]+"/Deals/"+deal, "").want(t, http.StatusOK, "")
	path := t.TempDir() + "/state.json"
	if err := a.srv.SaveState(path); err != nil {
		t.Fatal(err)
	}
	b := startSim(t, crmsim.SeedCounts{}, crmsim.Options{})
	if err := b.srv.LoadState(path); err != nil {
		t.Fatal(err)
	}
	b.token = a.token // access tokens are part of the state
	if d := b.do("GET", "/Leads/deleted", "").data(t); len(d) != 1 || d[0]["id"] != ids[0] || d[0]["display_name"] != "Binned" {
		t.Fatalf("recycle bin after restart: %v", d)
	}
	if d := b.do("GET", "/Deals/"+deal+"/Leads", "").data(t); len(d) != 1 || d[0]["id"] != ids[1] {
		t.Fatalf("link after restart: %v", d)
	}
}
