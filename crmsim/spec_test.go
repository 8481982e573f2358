package crmsim_test

import (
	"bytes"
	"encoding/json"
	"net/url"
	"testing"

	"github.com/zcrmrun/zcrmrun/crmsim"
	"github.com/zcrmrun/zcrmrun/zohospec"
)

// specCall is one v8 request of the conformance walk.
type specCall struct {
	method, path, body string
}

// TestV8RepliesFitZohosSpec walks the operations the emulator implements
// on /crm/v8, the happy path and the documented errors, and checks every
// reply against the description derived from Zoho's OpenAPI files
// (zohospec, from github.com/zoho/crm-oas v8.0): the status must be one
// the operation documents, and the body must fit its schema.
func TestV8RepliesFitZohosSpec(t *testing.T) {
	spec, err := zohospec.V8()
	if err != nil {
		t.Fatal(err)
	}
	a := startSim(t, smallSeed, crmsim.Options{})
	ids := a.createLeads("Spec One", "Spec Two")
	list := a.do("GET", "/Contacts?per_page=1", "")
	contact := list.data(t)[0]["id"].(string)
	calls := []specCall{
		{"GET", "/crm/v8/Leads?fields=Last_Name,Email&per_page=5", ""},
		{"GET", "/crm/v8/Leads?fields=Last_Name&per_page=5&page=2", ""},
		{"GET", "/crm/v8/Leads/" + ids[0], ""},
		{"GET", "/crm/v8/Leads/" + ids[0] + "?fields=Last_Name", ""},
		{"POST", "/crm/v8/Leads", `{"data":[{"Last_Name":"Spec Three","Company":"Spec Co"}]}`},
		{"POST", "/crm/v8/Leads", `{"data":[{"Company":"No Last Name"}]}`},
		{"PUT", "/crm/v8/Leads", `{"data":[{"id":"` + ids[0] + `","Company":"Spec Co 2"}]}`},
		{"PUT", "/crm/v8/Leads/" + ids[1], `{"data":[{"Company":"Spec Co 3"}]}`},
		{"POST", "/crm/v8/Leads/upsert", `{"data":[{"Last_Name":"Spec Four","Email":"four@spec.example"}],"duplicate_check_fields":["Email"]}`},
		{"GET", "/crm/v8/Leads/search?criteria=" + url.QueryEscape("(Last_Name:starts_with:Spec)"), ""},
		{"GET", "/crm/v8/Leads/search?word=Spec", ""},
		{"GET", "/crm/v8/Leads/actions/count", ""},
		{"GET", "/crm/v8/Leads/deleted", ""},
		{"POST", "/crm/v8/coql", `{"select_query":"select Last_Name from Leads where Last_Name is not null limit 3"}`},
		{"POST", "/crm/v8/coql", `{"select_query":"select from"}`},
		{"GET", "/crm/v8/Contacts/" + contact + "/Notes", ""},
		{"GET", "/crm/v8/Leads/" + ids[0] + "/Attachments", ""},
		{"POST", "/crm/v8/Leads/" + ids[0] + "/actions/add_tags", `{"tags":[{"name":"Hot"},{"name":"VIP"}],"over_write":false}`},
		{"POST", "/crm/v8/Leads/actions/add_tags", `{"tags":[{"name":"Partner"}],"ids":["` + ids[1] + `"],"over_write":false}`},
		{"GET", "/crm/v8/Leads/" + ids[0], ""},
		{"POST", "/crm/v8/Leads/" + ids[0] + "/actions/remove_tags", `{"tags":[{"name":"VIP"}]}`},
		{"GET", "/crm/v8/settings/tags?module=Leads", ""},
		{"GET", "/crm/v8/users?type=AllUsers", ""},
		{"GET", "/crm/v8/org", ""},
		{"GET", "/crm/v8/settings/modules", ""},
		{"GET", "/crm/v8/settings/modules/Leads", ""},
		{"GET", "/crm/v8/settings/fields?module=Leads", ""},
		{"GET", "/crm/v8/settings/layouts?module=Leads", ""},
		{"DELETE", "/crm/v8/Leads?ids=" + ids[1], ""},
		{"DELETE", "/crm/v8/Leads/" + ids[0], ""},
		{"GET", "/crm/v8/Nope", ""},
		{"GET", "/crm/v8/Leads/12", ""},
		{"GET", "/crm/v8/Leads/search", ""},
	}
	for _, c := range calls {
		r := a.do(c.method, c.path, c.body, "Content-Type", "application/json")
		u, _ := url.Parse(c.path)
		ops := spec.Match(c.method, u.Path)
		if len(ops) == 0 {
			t.Errorf("%s %s: no operation in zohospec", c.method, u.Path)
			continue
		}
		var body any
		if r.body != nil {
			b, _ := json.Marshal(r.body)
			d := json.NewDecoder(bytes.NewReader(b))
			d.UseNumber()
			d.Decode(&body)
		}
		for _, p := range spec.CheckReply(ops, r.status, body) {
			t.Errorf("%s\n    (%s %s)", p, c.method, c.path)
		}
	}
}
