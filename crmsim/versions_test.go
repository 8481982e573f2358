package crmsim_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/zcrmrun/zcrmrun/crmsim"
)

// The record count arrived with v2.1; Zoho's SDKs (nodejs-sdk-8.0's
// RecordOperations.recordCount, RecordCountParam cvid/criteria/email/
// phone/word) read its reply into CountWrapper, whose one key is "count",
// a string in v8.0/record.json.
func TestRecordCountFromV21On(t *testing.T) {
	a := startSim(t, crmsim.SeedCounts{}, crmsim.Options{})
	a.createLeads("Countme", "Countme", "Other")
	for _, v := range []string{"v2.1", "v3", "v7", "v8"} {
		all := a.do("GET", "/crm/"+v+"/Leads/actions/count", "")
		all.want(t, http.StatusOK, "")
		if n := all.body["count"]; n != "3" {
			t.Errorf("%s count of 3 Leads: %v", v, all.body)
		}
		some := a.do("GET", "/crm/"+v+"/Leads/actions/count?criteria="+url.QueryEscape("(Last_Name:equals:Countme)"), "")
		some.want(t, http.StatusOK, "")
		if n := some.body["count"]; n != "2" {
			t.Errorf("%s count of Last_Name Countme: %v", v, some.body)
		}
		a.do("GET", "/crm/"+v+"/Nope/actions/count", "").want(t, http.StatusBadRequest, "INVALID_MODULE")
		a.do("GET", "/crm/"+v+"/Leads/actions/count?email=a@b.c&word=x", "").want(t, http.StatusBadRequest, "INVALID_QUERY")
	}
}

// Zoho serves v2, v2.1 and v3 to v8; any other version segment is a URL
// Zoho does not have, answered like any other unknown path.
func TestUnknownVersionsAreInvalidURLs(t *testing.T) {
	a := startSim(t, crmsim.SeedCounts{Leads: 1}, crmsim.Options{})
	for _, v := range []string{"v2", "v2.1", "v3", "v4", "v5", "v6", "v7", "v8"} {
		a.do("GET", "/crm/"+v+"/Leads?fields=Last_Name", "").want(t, http.StatusOK, "")
	}
	for _, v := range []string{"v1", "v9", "v2.2", "v2.0", "v02", "vx"} {
		a.do("GET", "/crm/"+v+"/Leads?fields=Last_Name", "").want(t, http.StatusNotFound, "INVALID_URL_PATTERN")
	}
}

// A method Zoho lacks on a module path is INVALID_REQUEST_METHOD in every
// version, never a redirect (Go's ServeMux redirected PATCH /Leads to
// /Leads/ with a 307, which clients follow or fail on).
func TestUnknownMethodsAreRefusedNotRedirected(t *testing.T) {
	a := startSim(t, crmsim.SeedCounts{Leads: 1}, crmsim.Options{})
	for _, v := range []string{"v2", "v2.1", "v8"} {
		for _, m := range []string{"PATCH", "OPTIONS"} {
			r := a.do(m, "/crm/"+v+"/Leads", `{"data":[]}`, "Content-Type", "application/json")
			if r.status != http.StatusBadRequest || r.body["code"] != "INVALID_REQUEST_METHOD" {
				t.Errorf("%s /crm/%s/Leads: HTTP %d %v (Location %q), want 400 INVALID_REQUEST_METHOD", m, v, r.status, r.body, r.header.Get("Location"))
			}
		}
	}
}
