package zohospec_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/zcrmrun/zcrmrun/zohospec"
)

func decode(t *testing.T, s string) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader([]byte(s)))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// The checks must be able to fail: each body here breaks one fact of
// Zoho's v8 files, and the problem found names it.
func TestChecksCatchWhatTheSpecForbids(t *testing.T) {
	spec, err := zohospec.V8()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		method, path string
		status       int
		body, want   string
	}{
		{"GET", "/crm/v8/Leads/actions/count", 200, `{"count": 5}`, "want a string"},
		{"GET", "/crm/v8/Leads", 200, `{"data": [{"id": "1"}], "info": {"per_page": "200"}}`, "info.per_page"},
		{"GET", "/crm/v8/Leads", 400, `{"code": "NO_SUCH_CODE", "status": "error", "message": "x", "details": {}}`, "NO_SUCH_CODE"},
		{"GET", "/crm/v8/org", 200, `{"org": [{"id": "1"}]}`, `required key "license_details"`},
		{"GET", "/crm/v8/settings/tags", 200, `{"tags": [{"name": "x", "bogus": 1}]}`, `"bogus" is not documented`},
		{"GET", "/crm/v8/Leads", 418, `{}`, "418 is not documented"},
	}
	for _, c := range cases {
		ops := spec.Match(c.method, strings.SplitN(c.path, "?", 2)[0])
		if len(ops) == 0 {
			t.Fatalf("%s %s: no operation", c.method, c.path)
		}
		probs := spec.CheckReply(ops, c.status, decode(t, c.body))
		if !strings.Contains(strings.Join(probs, "\n"), c.want) {
			t.Errorf("%s %s HTTP %d %s: problems %q, want one naming %q", c.method, c.path, c.status, c.body, probs, c.want)
		}
	}
	good := decode(t, `{"data": [{"id": "1", "Last_Name": "x"}], "info": {"per_page": 200, "count": 1, "page": 1, "more_records": false}}`)
	if p := spec.CheckReply(spec.Match("GET", "/crm/v8/Leads"), 200, good); len(p) > 0 {
		t.Errorf("a page as Zoho documents it: %q", p)
	}
}

func TestMatchPrefersLiteralSegments(t *testing.T) {
	spec, _ := zohospec.V8()
	for _, op := range spec.Match("GET", "/crm/v8/Leads/actions/count") {
		if !strings.HasSuffix(op.Path, "/actions/count") {
			t.Errorf("actions/count matched %s", op.Path)
		}
	}
}
