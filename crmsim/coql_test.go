package crmsim

import (
	"net/http"
	"strings"
	"testing"
)

func TestParseCOQLShapes(t *testing.T) {
	cases := []struct{ in, want string }{
		{"select Last_Name from Leads", "select Last_Name from Leads"},
		{"SELECT Last_Name, Email FROM Leads WHERE Last_Name is not null LIMIT 0, 200",
			"select Last_Name, Email from Leads where Last_Name is not null limit 0, 200"},
		{"select a from M where (x = 'it''s' and y != 3) order by x desc, y limit 10 offset 5",
			"select a from M where (x = 'it''s' and y != 3) order by x desc, y asc limit 5, 10"},
		{"select a from M where x <> 'q\\'s'", "select a from M where x != 'q''s'"},
		{"select a from M where ((x between 1 and 5) or (y not in ('a', 'b')))",
			"select a from M where (x between 1 and 5 or y not in ('a', 'b'))"},
		{"select a from M where x not like '%ab%' limit 7", "select a from M where x not like '%ab%' limit 0, 7"},
		{"select Account_Name.Industry from Contacts where Owner.email = 'x@y'",
			"select Account_Name.Industry from Contacts where Owner.email = 'x@y'"},
		{"select a from M where x >= -2.5", "select a from M where x >= -2.5"},
	}
	for _, c := range cases {
		q, err := parseCOQL(c.in)
		if err != nil {
			t.Errorf("parse %q: %v", c.in, err)
			continue
		}
		if got := q.String(); got != c.want {
			t.Errorf("parse %q:\n got  %s\n want %s", c.in, got, c.want)
		}
	}
}

func TestParseCOQLSyntaxErrorsNameWhere(t *testing.T) {
	cases := []struct{ in, near string }{
		{"select from Leads", "from"},
		{"select Last_Name Leads", "Leads"},
		{"select Last_Name from Leads where", "where"},
		{"select a from M where x = 1 and y = 2 and z = 3", "and"}, // >2 conditions must be bracketed
		{"select a from M where x is maybe", "maybe"},
		{"select a from M where x in (1, 2", "2"},
		{"select a from M where x = 'open", "'open"},
		{"select a from M limit 0", "0"},
		{"select a from M order x", "x"},
		{"select a from M where x like 3", "3"},
		{"select * from M", "*"},
		{"delete from Leads", "delete"},
	}
	for _, c := range cases {
		_, err := parseCOQL(c.in)
		if err == nil {
			t.Errorf("parse %q: no error", c.in)
			continue
		}
		if err.Code != "SYNTAX_ERROR" || err.Details["near"] != c.near {
			t.Errorf("parse %q: got %s near %v, want SYNTAX_ERROR near %q", c.in, err.Code, err.Details["near"], c.near)
		}
	}
}

func TestParseCOQLCriteriaLimits(t *testing.T) {
	in := "select a from M where x in (" + strings.Repeat("1, ", 50) + "1)"
	if _, err := parseCOQL(in); err == nil || err.Code != "LIMIT_EXCEEDED" {
		t.Errorf("51 in-values: got %v, want LIMIT_EXCEEDED", err)
	}
	expr := "x = 1"
	for i := 0; i < 25; i++ {
		expr = "(" + expr + " and x = 1)"
	}
	if _, err := parseCOQL("select a from M where " + expr); err == nil || err.Code != "LIMIT_EXCEEDED" {
		t.Errorf("26 criteria: got %v, want LIMIT_EXCEEDED", err)
	}
}

// FuzzCOQL checks that no input panics the parser and that every query it
// accepts prints to a canonical form that parses back to itself. The seed
// corpus is testdata/fuzz/FuzzCOQL, run by every go test.
func FuzzCOQL(f *testing.F) {
	f.Fuzz(func(t *testing.T, in string) {
		q, err := parseCOQL(in)
		if err != nil {
			if err.Code == "" || err.Details == nil {
				t.Fatalf("error without code or details: %#v", err)
			}
			return
		}
		canon := q.String()
		q2, err := parseCOQL(canon)
		if err != nil {
			t.Fatalf("canonical form %q of %q does not parse: %v", canon, in, err)
		}
		if again := q2.String(); again != canon {
			t.Fatalf("round trip changed the query:\n %s\n %s", canon, again)
		}
		c := newCRMState()
		c.addModule(&moduleSpec{APIName: q.Module, apiSupported: true, Fields: []fieldSpec{{APIName: "id"}, {APIName: q.Fields[0]}}})
		c.module(q.Module).insert(record{"id": "1", q.Fields[0]: "x"})
		c.runCOQL(q) // must not panic whatever the criteria compare
	})
}

func coqlPost(t *testing.T, s *surfaceSim, query string) (int, map[string]any) {
	t.Helper()
	return s.json(t, http.MethodPost, "/coql", map[string]any{"select_query": query})
}

func TestCOQLEndpoint(t *testing.T) {
	s := startSurfaceSim(t, Options{})
	leads := s.srv.Records("Leads")

	t.Run("where filters and counts", func(t *testing.T) {
		want := 0
		for _, r := range leads {
			if r["Lead_Source"] == "Web Download" && r["Annual_Revenue"].(int) > 5000000 {
				want++
			}
		}
		status, body := coqlPost(t, s, "select Last_Name, Annual_Revenue from Leads where (Lead_Source = 'web download' and Annual_Revenue > 5000000) limit 200")
		if status != http.StatusOK {
			t.Fatalf("status %d %v", status, body)
		}
		info := body["info"].(map[string]any)
		if int(info["count"].(float64)) != want || info["more_records"] != false {
			t.Fatalf("info %v, want count %d", info, want)
		}
		row := firstData(t, body)
		if len(row) != 3 || row["id"] == nil || row["Last_Name"] == nil {
			t.Fatalf("row has keys other than id and the selected ones: %v", row)
		}
	})
	t.Run("200 row cap and offset paging", func(t *testing.T) {
		_, first := coqlPost(t, s, "select Last_Name from Leads where Last_Name is not null")
		if n := len(first["data"].([]any)); n != 200 || first["info"].(map[string]any)["more_records"] != true {
			t.Fatalf("no limit: %d rows, info %v; want 200 and more_records", n, first["info"])
		}
		_, third := coqlPost(t, s, "select Last_Name from Leads where Last_Name is not null limit 400, 200")
		if n := len(third["data"].([]any)); n != 50 || third["info"].(map[string]any)["more_records"] != false {
			t.Fatalf("offset 400: %d rows, info %v; want the last 50", n, third["info"])
		}
		if id := firstData(t, third)["id"]; id != leads[400]["id"] {
			t.Fatalf("offset 400 starts at %v, want %v", id, leads[400]["id"])
		}
	})
	t.Run("order by", func(t *testing.T) {
		_, body := coqlPost(t, s, "select Annual_Revenue from Leads where Annual_Revenue between 100000 and 900000 order by Annual_Revenue desc limit 50")
		prev := 1e18
		for _, r := range body["data"].([]any) {
			v := r.(map[string]any)["Annual_Revenue"].(float64)
			if v > prev || v < 100000 || v > 900000 {
				t.Fatalf("value %v after %v breaks desc order or the between range", v, prev)
			}
			prev = v
		}
	})
	t.Run("lookup relation and like", func(t *testing.T) {
		contacts := s.srv.Records("Contacts")
		acct := contacts[0]["Account_Name"].(map[string]any)
		_, body := coqlPost(t, s, "select Account_Name.Industry, Email from Contacts where Account_Name = '"+acct["id"].(string)+"'")
		row := firstData(t, body)
		if row["Account_Name.Industry"] == nil {
			t.Fatalf("relation field missing: %v", row)
		}
		_, body = coqlPost(t, s, "select Email from Contacts where Email like '%.example'")
		if n := len(body["data"].([]any)); n != len(contacts) {
			t.Fatalf("like matched %d of %d contacts", n, len(contacts))
		}
	})
	t.Run("no rows is 204", func(t *testing.T) {
		status, body := coqlPost(t, s, "select Last_Name from Leads where Last_Name = 'Nobody-Has-This-Name'")
		if status != http.StatusNoContent || body != nil {
			t.Fatalf("status %d body %v, want 204 and no body", status, body)
		}
	})
	errs := []struct{ name, query, code string }{
		{"syntax", "select Last_Name from Leads were x = 1", "SYNTAX_ERROR"},
		{"unknown column", "select Lst_Name from Leads", "INVALID_QUERY"},
		{"unknown module", "select Last_Name from Leeds", "INVALID_QUERY"},
		{"limit over 200", "select Last_Name from Leads limit 201", "LIMIT_EXCEEDED"},
		{"past the total", "select Last_Name from Leads limit 9900, 200", "LIMIT_EXCEEDED"},
		{"three relations", "select Account_Name.Industry, Owner.email, Created_By.name from Contacts", "LIMIT_EXCEEDED"},
	}
	for _, e := range errs {
		t.Run(e.name, func(t *testing.T) {
			status, body := coqlPost(t, s, e.query)
			if status != http.StatusBadRequest {
				t.Fatalf("status %d, want 400", status)
			}
			wantCode(t, body, e.code)
		})
	}
	t.Run("syntax error names near", func(t *testing.T) {
		_, body := coqlPost(t, s, "select Last_Name from Leads were x = 1")
		if body["details"].(map[string]any)["near"] != "were" {
			t.Fatalf("details %v", body["details"])
		}
	})
	t.Run("missing select_query", func(t *testing.T) {
		status, body := s.json(t, http.MethodPost, "/coql", map[string]any{"query": "x"})
		if status != http.StatusBadRequest {
			t.Fatalf("status %d", status)
		}
		wantCode(t, body, "REQUIRED_PARAM_MISSING")
	})
}
