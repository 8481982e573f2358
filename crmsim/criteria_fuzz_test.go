package crmsim

import (
	"errors"
	"strings"
	"testing"
)

// escapeCriteria is how a client writes a value into criteria: Zoho's
// escapes for \ ( ) and , (zoho-api.md §4.4).
func escapeCriteria(v string) string {
	r := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`, `,`, `\,`)
	return r.Replace(v)
}

// FuzzCriteria: no criteria panics the parser or the matcher, every
// refusal is a *criteriaError with a reason, and any value a client
// escapes — quotes, SQL, & + # ) , \ and bytes that are not UTF-8 —
// parses back as exactly that one value of one comparison: nothing in a
// value can add a criterion. The seed corpus is
// testdata/fuzz/FuzzCriteria, run by every go test.
func FuzzCriteria(f *testing.F) {
	m := &moduleSpec{APIName: "Leads", Fields: []fieldSpec{{APIName: "Last_Name"}, {APIName: "Email"}, {APIName: "Annual_Revenue"}}}
	m.fieldByName = map[string]*fieldSpec{}
	for i := range m.Fields {
		m.fieldByName[m.Fields[i].APIName] = &m.Fields[i]
	}
	rec := record{"id": "1", "Last_Name": "O'Brien", "Email": "a@b.c", "Annual_Revenue": 5}
	f.Fuzz(func(t *testing.T, criteria, value string) {
		c, err := parseCriteria(criteria, m)
		if err != nil {
			var ce *criteriaError
			if !errors.As(err, &ce) || ce.reason == "" {
				t.Fatalf("%q: error %#v has no reason", criteria, err)
			}
		} else {
			c.match(rec) // must not panic whatever it compares
		}
		for _, op := range []string{"equals", "starts_with"} {
			in := "(Last_Name:" + op + ":" + escapeCriteria(value) + ")"
			c, err := parseCriteria(in, m)
			if err != nil {
				t.Fatalf("%q: %v", in, err)
			}
			if c.join != "" || c.field != "Last_Name" || c.op != op || len(c.values) != 1 || c.values[0] != value {
				t.Fatalf("%q parsed as %+v, want the one value %q", in, c, value)
			}
		}
		in := "(Last_Name:in:" + escapeCriteria(value) + "," + escapeCriteria(value+"2") + ")"
		if c, err := parseCriteria(in, m); err != nil || len(c.values) != 2 || c.values[0] != value || c.values[1] != value+"2" {
			t.Fatalf("%q parsed as %+v, %v", in, c, err)
		}
	})
}
