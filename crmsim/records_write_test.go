package crmsim_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/zcrmrun/zcrmrun/crmsim"
)

func TestInsertAllSuccessIs201WithSystemFields(t *testing.T) {
	a := startSim(t, smallSeed, crmsim.Options{})
	r := a.write("POST", "/Leads", map[string]any{"data": []any{
		map[string]any{"Last_Name": "Okafor", "Email": "okafor@example.com", "No_of_Employees": 12},
	}, "trigger": []any{"workflow"}})
	r.want(t, http.StatusCreated, "")
	d := r.data(t)[0]
	if d["code"] != "SUCCESS" || d["message"] != "record added" || d["status"] != "success" {
		t.Fatalf("result %v", d)
	}
	id := details(d)["id"].(string)
	if len(id) != 19 || details(d)["Created_Time"] == nil {
		t.Fatalf("details %v", details(d))
	}
	g := a.do("GET", "/Leads/"+id, "")
	g.want(t, http.StatusOK, "")
	rec := g.data(t)[0]
	by, _ := rec["Created_By"].(map[string]any)
	if by["email"] != "admin@zylker.example" || rec["Created_Time"] != rec["Modified_Time"] || rec["Full_Name"] != "Okafor" {
		t.Fatalf("system fields of the new record: %v", rec)
	}
	if rec["Description"] != nil || rec["No_of_Employees"] == nil {
		t.Fatalf("unset fields should be null, set ones kept: %v", rec)
	}
}

func TestInsertMixedIs207InInputOrder(t *testing.T) {
	a := startSim(t, smallSeed, crmsim.Options{})
	taken := a.srv.Records("Leads")[0]["Email"].(string)
	r := a.write("POST", "/Leads", map[string]any{"data": []any{
		map[string]any{"Last_Name": "Good One"},
		map[string]any{"First_Name": "No last name"},
		map[string]any{"Last_Name": "Bad type", "No_of_Employees": "many"},
		map[string]any{"Last_Name": "Dup", "Email": taken},
		map[string]any{"Last_Name": "Unknown field", "Shoe_Size": 44},
		map[string]any{"Last_Name": "Good Two"},
	}})
	r.want(t, http.StatusMultiStatus, "")
	want := []string{"SUCCESS", "MANDATORY_NOT_FOUND", "INVALID_DATA", "DUPLICATE_DATA", "INVALID_DATA", "SUCCESS"}
	data := r.data(t)
	for i, code := range want {
		if data[i]["code"] != code {
			t.Errorf("data[%d].code = %v, want %s (%v)", i, data[i]["code"], code, data[i])
		}
	}
	if d := details(data[1]); d["api_name"] != "Last_Name" || d["json_path"] != "$.data[1].Last_Name" {
		t.Errorf("MANDATORY_NOT_FOUND details %v", d)
	}
	if d := details(data[2]); d["api_name"] != "No_of_Employees" || d["expected_data_type"] != "integer" {
		t.Errorf("INVALID_DATA details %v", d)
	}
	if d := details(data[3]); d["api_name"] != "Email" || d["id"] != a.srv.Records("Leads")[0]["id"] {
		t.Errorf("DUPLICATE_DATA details %v", d)
	}
}

func TestInsertDuplicateWithinOneBatch(t *testing.T) {
	a := startSim(t, smallSeed, crmsim.Options{})
	r := a.write("POST", "/Contacts", map[string]any{"data": []any{
		map[string]any{"Last_Name": "A", "Email": "same@example.com"},
		map[string]any{"Last_Name": "B", "Email": "SAME@example.com"},
	}})
	r.want(t, http.StatusMultiStatus, "")
	if c := r.data(t)[1]["code"]; c != "DUPLICATE_DATA" {
		t.Fatalf("second record code %v, want DUPLICATE_DATA (unique fields compare case-insensitively)", c)
	}
}

func TestInsertAllFailedIs400WithData(t *testing.T) {
	a := startSim(t, smallSeed, crmsim.Options{})
	r := a.write("POST", "/Contacts", map[string]any{"data": []any{map[string]any{"Email": "x@example.com"}, map[string]any{}}})
	r.want(t, http.StatusBadRequest, "")
	if d := r.data(t); len(d) != 2 || d[0]["code"] != "MANDATORY_NOT_FOUND" || d[1]["status"] != "error" {
		t.Fatalf("data %v", d)
	}
}

func TestWriteLimitsAndRequestErrors(t *testing.T) {
	a := startSim(t, smallSeed, crmsim.Options{})
	var many []any
	for i := range 101 {
		many = append(many, map[string]any{"Last_Name": fmt.Sprint("n", i)})
	}
	r := a.write("POST", "/Leads", map[string]any{"data": many})
	r.want(t, http.StatusBadRequest, "LIMIT_EXCEEDED")
	if details(r.body)["maximum_length"].(fmt.Stringer).String() != "100" {
		t.Errorf("details %v", r.body)
	}
	a.write("POST", "/Nope", map[string]any{"data": []any{map[string]any{"Last_Name": "x"}}}).want(t, http.StatusBadRequest, "INVALID_MODULE")
	a.write("POST", "/Leads", map[string]any{"data": []any{}}).want(t, http.StatusBadRequest, "REQUIRED_PARAM_MISSING")
	a.write("POST", "/Leads", map[string]any{"data": []any{map[string]any{"Last_Name": "x"}}, "trigger": []any{"mail"}}).
		want(t, http.StatusBadRequest, "INVALID_DATA")
	a.do("POST", "/Leads", "{not json").want(t, http.StatusBadRequest, "INVALID_DATA")
}

func TestJSONBodyWithoutContentTypeIsAccepted(t *testing.T) {
	a := startSim(t, smallSeed, crmsim.Options{})
	r := a.do("POST", "/Leads", `{"data":[{"Last_Name":"Seed SDK"}]}`) // no Content-Type header
	r.want(t, http.StatusCreated, "")
}

func TestUpdateClearsWithNullAndReportsBadIDs(t *testing.T) {
	a := startSim(t, smallSeed, crmsim.Options{})
	ids := a.createLeads("Tran")
	a.write("PUT", "/Leads", map[string]any{"data": []any{map[string]any{"id": ids[0], "Company": "Kept", "City": "Lyon"}}}).
		want(t, http.StatusOK, "")
	r := a.write("PUT", "/Leads", map[string]any{"data": []any{
		map[string]any{"id": ids[0], "City": nil},
		map[string]any{"id": "5725767999999999999", "City": "x"},
		map[string]any{"City": "no id"},
		map[string]any{"id": ids[0], "Last_Name": nil},
		map[string]any{"id": 5725767000000000001, "City": "numeric id"},
	}})
	r.want(t, http.StatusMultiStatus, "")
	data := r.data(t)
	for i, want := range []string{"SUCCESS", "INVALID_DATA", "MANDATORY_NOT_FOUND", "MANDATORY_NOT_FOUND", "INVALID_DATA"} {
		if data[i]["code"] != want {
			t.Errorf("data[%d] = %v, want %s", i, data[i], want)
		}
	}
	if data[0]["message"] != "record updated" || details(data[2])["api_name"] != "id" {
		t.Errorf("results %v", data)
	}
	rec := a.do("GET", "/Leads/"+ids[0], "").data(t)[0]
	if rec["City"] != nil || rec["Company"] != "Kept" || rec["Last_Name"] != "Tran" {
		t.Fatalf("after update: City=%v Company=%v Last_Name=%v", rec["City"], rec["Company"], rec["Last_Name"])
	}
	a.write("PUT", "/Leads/"+ids[0], map[string]any{"data": []any{map[string]any{"City": "Osaka"}}}).want(t, http.StatusOK, "")
	if c := a.do("GET", "/Leads/"+ids[0], "").data(t)[0]["City"]; c != "Osaka" {
		t.Fatalf("PUT /Leads/{id}: City %v", c)
	}
}

func TestUpsertInsertsOrUpdatesByDuplicateCheckFields(t *testing.T) {
	a := startSim(t, smallSeed, crmsim.Options{})
	existing := a.srv.Records("Leads")[3]
	r := a.write("POST", "/Leads/upsert", map[string]any{"data": []any{
		map[string]any{"Last_Name": "Changed", "Email": existing["Email"]},
		map[string]any{"Last_Name": "Brand New", "Email": "brand.new@example.com"},
	}, "duplicate_check_fields": []any{"Email"}})
	r.want(t, http.StatusOK, "")
	data := r.data(t)
	if data[0]["action"] != "update" || data[0]["duplicate_field"] != "Email" || details(data[0])["id"] != existing["id"] {
		t.Errorf("first result %v", data[0])
	}
	if data[1]["action"] != "insert" || data[1]["duplicate_field"] != nil || data[1]["message"] != "record added" {
		t.Errorf("second result %v", data[1])
	}
	a.write("POST", "/Leads/upsert", map[string]any{"data": []any{map[string]any{"Last_Name": "x"}}, "duplicate_check_fields": []any{"Nope"}}).
		want(t, http.StatusBadRequest, "INVALID_DATA")
}

func TestDeleteKeepsRecordsForDeleted(t *testing.T) {
	a := startSim(t, smallSeed, crmsim.Options{})
	ids := a.createLeads("Gone1", "Gone2")
	r := a.do("DELETE", "/Leads?ids="+ids[0]+","+ids[1]+",5725767999999999999", "")
	r.want(t, http.StatusMultiStatus, "")
	data := r.data(t)
	if data[0]["message"] != "record deleted" || details(data[1])["id"] != ids[1] || data[2]["code"] != "INVALID_DATA" {
		t.Fatalf("delete results %v", data)
	}
	a.do("GET", "/Leads/"+ids[0], "").want(t, http.StatusNoContent, "")
	a.do("DELETE", "/Leads", "").want(t, http.StatusBadRequest, "REQUIRED_PARAM_MISSING")
	del := a.do("GET", "/Leads/deleted?type=recycle", "")
	del.want(t, http.StatusOK, "")
	got := del.data(t)
	if len(got) != 2 || got[0]["id"] != ids[1] || got[1]["display_name"] != "Gone1" || got[0]["type"] != "recycle" || got[0]["deleted_time"] == nil {
		t.Fatalf("deleted %v", got)
	}
	a.do("GET", "/Leads/deleted?type=permanent", "").want(t, http.StatusNoContent, "")
	a.do("GET", "/Leads/deleted?type=gone", "").want(t, http.StatusBadRequest, "PATTERN_NOT_MATCHED")
}

func TestCreditsPerCall(t *testing.T) {
	a := startSim(t, smallSeed, crmsim.Options{})
	before := a.srv.Usage().CreditsUsed
	var data []any
	for i := range 25 {
		data = append(data, map[string]any{"Last_Name": fmt.Sprint("c", i)})
	}
	a.write("POST", "/Leads", map[string]any{"data": data}) // 3 (1 per 10 records)
	a.do("GET", "/Leads?per_page=5", "")                    // 1
	a.do("GET", "/Leads/deleted", "")                       // 2
	lead := a.srv.Records("Leads")[0]["id"].(string)
	a.write("POST", "/Leads/"+lead+"/actions/convert", map[string]any{"data": []any{map[string]any{}}}) // 5
	if got := a.srv.Usage().CreditsUsed - before; got != 11 {
		t.Fatalf("credits spent %d, want 3+1+2+5 = 11", got)
	}
}

// TestDeletedNotesAreInTheRecycleBin: notes deleted through the notes API
// are listed by /Notes/deleted like any record.
func TestDeletedNotesAreInTheRecycleBin(t *testing.T) {
	a := startSim(t, smallSeed, crmsim.Options{})
	lead := a.createLeads("Noted")[0]
	r := a.write("POST", "/Leads/"+lead+"/Notes", map[string]any{"data": []any{map[string]any{"Note_Title": "Call back", "Note_Content": "Tuesday"}}})
	r.want(t, http.StatusCreated, "")
	note := details(r.data(t)[0])["id"].(string)
	a.do("DELETE", "/Notes?ids="+note, "").want(t, http.StatusOK, "")
	got := a.do("GET", "/Notes/deleted", "").data(t)
	if len(got) != 1 || got[0]["id"] != note || got[0]["display_name"] != "Call back" {
		t.Fatalf("/Notes/deleted %v", got)
	}
}

// Unique values are checked against what records hold now: an email an
// update gave a record is taken, one it gave up, or that left with a
// deleted record, is free again.
func TestUniqueChecksFollowUpdatesAndDeletes(t *testing.T) {
	a := startSim(t, smallSeed, crmsim.Options{})
	code := func(r simReply, i int) any { return r.data(t)[i]["code"] }
	ids := a.createLeads("Uno", "Dos")
	a.write("PUT", "/Leads", map[string]any{"data": []any{map[string]any{"id": ids[0], "Email": "first@unique.example"}}}).want(t, http.StatusOK, "")
	r := a.write("POST", "/Leads", map[string]any{"data": []any{map[string]any{"Last_Name": "Tres", "Email": "FIRST@unique.example"}}})
	if c := code(r, 0); c != "DUPLICATE_DATA" || details(r.data(t)[0])["id"] != ids[0] {
		t.Fatalf("email set by an update: %v %v, want DUPLICATE_DATA naming %s", c, details(r.data(t)[0]), ids[0])
	}
	a.write("PUT", "/Leads", map[string]any{"data": []any{map[string]any{"id": ids[0], "Email": "second@unique.example"}}}).want(t, http.StatusOK, "")
	r = a.write("POST", "/Leads", map[string]any{"data": []any{map[string]any{"Last_Name": "Tres", "Email": "first@unique.example"}}})
	if c := code(r, 0); c != "SUCCESS" {
		t.Fatalf("email an update gave up: %v, want SUCCESS", c)
	}
	a.do("DELETE", "/Leads?ids="+ids[0], "").want(t, http.StatusOK, "")
	r = a.write("POST", "/Leads", map[string]any{"data": []any{map[string]any{"Last_Name": "Cuatro", "Email": "second@unique.example"}}})
	if c := code(r, 0); c != "SUCCESS" {
		t.Fatalf("email of a deleted record: %v, want SUCCESS", c)
	}
}

func TestLegacyModeAnswers202ForMultiRecordInserts(t *testing.T) {
	a := startSim(t, smallSeed, crmsim.Options{Accepted202: true})
	two := map[string]any{"data": []any{map[string]any{"Last_Name": "Abe"}, map[string]any{"Last_Name": "Ito"}}}
	a.write("POST", "/Leads", two).want(t, http.StatusAccepted, "")
	a.write("POST", "/Leads", map[string]any{"data": []any{map[string]any{"Last_Name": "Ueda"}}}).want(t, http.StatusCreated, "")
	mixed := map[string]any{"data": []any{map[string]any{"Last_Name": "Oda"}, map[string]any{"First_Name": "no last name"}}}
	a.write("POST", "/Leads", mixed).want(t, http.StatusMultiStatus, "")
	// The default is 201 for any all-success insert.
	startSim(t, smallSeed, crmsim.Options{}).write("POST", "/Leads", two).want(t, http.StatusCreated, "")
}
