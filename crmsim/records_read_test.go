package crmsim_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/zcrmrun/zcrmrun/crmsim"
)

func TestGetRecordStatuses(t *testing.T) {
	a := startSim(t, smallSeed, crmsim.Options{})
	lead := a.srv.Records("Leads")[0]
	id := lead["id"].(string)
	r := a.do("GET", "/Leads/"+id+"?fields=Email,Last_Name", "")
	r.want(t, http.StatusOK, "")
	rec := r.data(t)[0]
	if rec["id"] != id || rec["Email"] != lead["Email"] || rec["Company"] != nil {
		t.Fatalf("projected record %v", rec)
	}
	a.do("GET", "/Leads/5725767999999999999", "").want(t, http.StatusNoContent, "")
	a.do("GET", "/Leads/abc", "").want(t, http.StatusBadRequest, "INVALID_DATA")
	a.do("GET", "/Nope/"+id, "").want(t, http.StatusBadRequest, "INVALID_MODULE")
	a.do("GET", "/Leads/"+id, "", "If-Modified-Since", "2030-01-01T00:00:00+00:00").want(t, http.StatusNotModified, "")
	a.do("GET", "/Leads/"+id, "", "If-Modified-Since", "2020-01-01T00:00:00+00:00").want(t, http.StatusOK, "")
	a.do("PATCH", "/Leads/"+id, `{"data":[]}`).want(t, http.StatusBadRequest, "INVALID_REQUEST_METHOD")
	a.do("GET", "/Leads/"+id+"/Contacts/x/y", "").want(t, http.StatusNotFound, "INVALID_URL_PATTERN")
}

// TestPageTokenWalksPastTheDiscreteWall lists all 5,000 seeded Leads: the
// first 2,000 by page, the rest by next_page_token, each id once.
func TestPageTokenWalksPastTheDiscreteWall(t *testing.T) {
	a := startSim(t, crmsim.DefaultSeed, crmsim.Options{})
	a.do("GET", "/Leads?page=11&per_page=200", "").want(t, http.StatusBadRequest, "DISCRETE_PAGINATION_LIMIT_EXCEEDED")
	seen := map[string]bool{}
	path := "/Leads?per_page=200&" // a trailing & is accepted, as real clients send it
	for calls := 0; ; calls++ {
		if calls > 30 {
			t.Fatal("listing does not end")
		}
		r := a.do("GET", path, "")
		r.want(t, http.StatusOK, "")
		for _, rec := range r.data(t) {
			id := rec["id"].(string)
			if seen[id] {
				t.Fatalf("id %s served twice", id)
			}
			seen[id] = true
		}
		info := r.info(t)
		if info["more_records"] != true {
			if info["next_page_token"] != nil {
				t.Fatalf("last page has a next_page_token: %v", info)
			}
			break
		}
		tok, _ := info["next_page_token"].(string)
		if tok == "" {
			t.Fatalf("more_records without next_page_token: %v", info)
		}
		path = "/Leads?per_page=200&page_token=" + url.QueryEscape(tok)
	}
	if want := len(a.srv.Records("Leads")); len(seen) != want {
		t.Fatalf("listed %d leads, want %d", len(seen), want)
	}
}

func TestPageTokenErrors(t *testing.T) {
	a := startSim(t, smallSeed, crmsim.Options{PageTokenLimit: 40})
	r := a.do("GET", "/Leads?per_page=20", "")
	tok := url.QueryEscape(r.info(t)["next_page_token"].(string))
	a.do("GET", "/Leads?page=2&page_token="+tok, "").want(t, http.StatusBadRequest, "INVALID_DATA")
	a.do("GET", "/Leads?page_token=garbage", "").want(t, http.StatusBadRequest, "INVALID_DATA")
	a.do("GET", "/Contacts?page_token="+tok, "").want(t, http.StatusBadRequest, "INVALID_DATA")
	r = a.do("GET", "/Leads?per_page=20&page_token="+tok, "")
	r.want(t, http.StatusOK, "")
	tok = url.QueryEscape(r.info(t)["next_page_token"].(string))
	r = a.do("GET", "/Leads?per_page=20&page_token="+tok, "")
	r.want(t, http.StatusBadRequest, "PAGINATION_LIMIT_EXCEEDED")
	if details(r.body)["param_name"] != "page_token" {
		t.Fatalf("details %v", r.body)
	}
}

func TestPageTokenSkipsNothingWhenRecordsAreDeleted(t *testing.T) {
	a := startSim(t, smallSeed, crmsim.Options{})
	r := a.do("GET", "/Leads?per_page=10", "")
	first := r.data(t)
	tok := url.QueryEscape(r.info(t)["next_page_token"].(string))
	a.do("DELETE", "/Leads?ids="+first[0]["id"].(string)+","+first[1]["id"].(string), "").want(t, http.StatusOK, "")
	next := a.do("GET", "/Leads?per_page=10&page_token="+tok, "").data(t)
	if want := a.srv.Records("Leads")[8]["id"]; next[0]["id"] != want {
		t.Fatalf("after deleting two listed records the next page starts at %v, want %v", next[0]["id"], want)
	}
}

func searchPath(module string, kv ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Set(kv[i], kv[i+1])
	}
	return "/" + module + "/search?" + q.Encode()
}

func TestSearchCriteria(t *testing.T) {
	a := startSim(t, smallSeed, crmsim.Options{})
	ids := a.createLeads("Paren (Test), Inc", "Parenthood")
	a.write("PUT", "/Leads", map[string]any{"data": []any{
		map[string]any{"id": ids[0], "No_of_Employees": 7, "City": "Zürich"},
		map[string]any{"id": ids[1], "No_of_Employees": 9000, "City": "Zürich"},
	}}).want(t, http.StatusOK, "")

	count := func(criteria string) int {
		t.Helper()
		r := a.do("GET", searchPath("Leads", "criteria", criteria), "")
		if r.status == http.StatusNoContent {
			return 0
		}
		r.want(t, http.StatusOK, "")
		return len(r.data(t))
	}
	cases := map[string]int{
		`(Last_Name:equals:Paren \(Test\)\, Inc)`:                     1,
		`(Last_Name:starts_with:paren)`:                               2,
		`((City:equals:Zürich)and(No_of_Employees:greater_than:100))`: 1,
		`((City:equals:Zürich) and (No_of_Employees:less_equal:7))`:   1,
		`((Last_Name:equals:Parenthood)or(No_of_Employees:equals:7))`: 2,
		`(Last_Name:in:Parenthood,Paren \(Test\)\, Inc,Nobody)`:       2,
		`(No_of_Employees:between:5,10)`:                              countSeeded(a, func(n float64) bool { return n >= 5 && n <= 10 }) + 1,
		`(Last_Name:equals:Nobody At All)`:                            0,
		`((City:equals:Zürich)and(Last_Name:not_equal:Parenthood))`:   1,
	}
	for c, want := range cases {
		if got := count(c); got != want {
			t.Errorf("%s: %d hits, want %d", c, got, want)
		}
	}
	for _, bad := range []string{"(Last_Name:like:x)", "(Nope:equals:x)", "(Last_Name:equals:x", "Last_Name:equals:x", "((City:equals:x)and(City:equals:y)or(City:equals:z))"} {
		r := a.do("GET", searchPath("Leads", "criteria", bad), "")
		r.want(t, http.StatusBadRequest, "INVALID_QUERY")
	}
	a.do("GET", "/Leads/search", "").want(t, http.StatusBadRequest, "REQUIRED_PARAM_MISSING")
	a.do("GET", searchPath("Leads", "email", "a@b.c", "word", "x"), "").want(t, http.StatusBadRequest, "INVALID_QUERY")
}

func countSeeded(a *api, keep func(float64) bool) int {
	n := 0
	for _, rec := range a.srv.Records("Leads") {
		if v, ok := rec["No_of_Employees"].(int); ok && keep(float64(v)) {
			n++
		}
	}
	return n
}

func TestSearchEmailPhoneWordAndCap(t *testing.T) {
	a := startSim(t, crmsim.DefaultSeed, crmsim.Options{})
	lead := a.srv.Records("Leads")[42]
	r := a.do("GET", searchPath("Leads", "email", strings.ToUpper(lead["Email"].(string))), "")
	r.want(t, http.StatusOK, "")
	if d := r.data(t); len(d) != 1 || d[0]["id"] != lead["id"] {
		t.Fatalf("email search %v", d)
	}
	r = a.do("GET", searchPath("Leads", "phone", lead["Phone"].(string)), "")
	r.want(t, http.StatusOK, "")
	found := false
	for _, d := range r.data(t) {
		found = found || d["id"] == lead["id"]
	}
	if !found {
		t.Fatal("phone search misses the lead")
	}
	// Every seeded Lead's website starts https://, so this word hits all 5,000.
	r = a.do("GET", searchPath("Leads", "word", "https", "page", "10", "per_page", "200"), "")
	r.want(t, http.StatusOK, "")
	if r.info(t)["more_records"] != true {
		t.Fatal("page 10 of a 5,000-hit search should say more_records")
	}
	a.do("GET", searchPath("Leads", "word", "https", "page", "11", "per_page", "200"), "").
		want(t, http.StatusBadRequest, "DISCRETE_PAGINATION_LIMIT_EXCEEDED")
}
