package luabind_test

import (
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/crmsim"
	"github.com/zcrmrun/zcrmrun/session"
)

// TestUnknownOutcomesNameTheirRecords: a create of 250 records whose
// second request is applied and then loses its reply raises
// OUTCOME_UNKNOWN with details.unknown naming exactly that request's
// inputs and details.results answering every input, so a script can check
// those records and resend nothing blindly. The emulator's state agrees.
func TestUnknownOutcomesNameTheirRecords(t *testing.T) {
	sb, L := ownSandbox(t, session.SandboxOptions{
		Faults:         crmsim.Faults{Every: 2, Kinds: []crmsim.Fault{crmsim.FaultResetAfter}},
		RequestTimeout: 10 * time.Second,
	})
	err := L.DoString(`
		local recs = {}
		for i = 1, 250 do recs[i] = {Last_Name = "unknown-" .. i} end
		local e = assert_raises(function() crm.records.create("Leads", recs) end, "create under faults")
		assert_eq(e.code, "OUTCOME_UNKNOWN", "code")
		assert_match(tostring(e), "crm.records.create: outcome unknown for ")
		assert_match(tostring(e), "check them before sending again")
		local rs, unknown = e.details.results, e.details.unknown
		assert_eq(#rs, 250, "results")
		assert_true(#unknown == 100 or #unknown == 50, "one request's inputs are unknown, got " .. #unknown)
		local flagged = {}
		for _, i in ipairs(unknown) do
			flagged[i] = true
			assert_eq(rs[i].code, "OUTCOME_UNKNOWN", "results[" .. i .. "].code")
			assert_eq(rs[i].status, "error", "results[" .. i .. "].status")
		end
		for i = 1, 250 do
			if not flagged[i] then
				assert_eq(rs[i].status, "success", "results[" .. i .. "].status")
			end
		end
		UNKNOWN = unknown
	`)
	if err != nil {
		t.Fatal(err)
	}
	// reset-after applies the call before dropping the connection: each
	// unknown record is there exactly once, as is every other.
	count := map[string]int{}
	for _, r := range sb.Server.Records("Leads") {
		if s, _ := r["Last_Name"].(string); len(s) > 8 && s[:8] == "unknown-" {
			count[s]++
		}
	}
	if len(count) != 250 {
		t.Errorf("%d of 250 leads in the emulator", len(count))
	}
	for name, n := range count {
		if n != 1 {
			t.Errorf("%s is there %d times", name, n)
		}
	}
	if n := L.GetGlobal("UNKNOWN").(*lua.LTable).Len(); sb.Server.InjectedFaults()[crmsim.FaultResetAfter] == 0 || n == 0 {
		t.Errorf("faults %v, %d unknown", sb.Server.InjectedFaults(), n)
	}
}

// ownSandbox starts a sandbox for one test (one that injects faults or may
// break the shared one) and a Lua state with crm bound to it and the test
// helpers loaded; both end with the test.
func ownSandbox(t *testing.T, o session.SandboxOptions) (*session.Sandbox, *lua.LState) {
	t.Helper()
	sb, err := session.StartSandboxWith(t.Context(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	return sb, bindState(t, sb)
}

// TestRawPostWithA5xxIsAnUnknownOutcome: crm.request hands back any
// status, except for a POST whose reply may hide an applied change (a
// proxy's 502 page): that raises OUTCOME_UNKNOWN, so no script resends a
// create because it saw a 502. A GET through the same faults is retried.
func TestRawPostWithA5xxIsAnUnknownOutcome(t *testing.T) {
	sb, L := ownSandbox(t, session.SandboxOptions{Faults: crmsim.Faults{Every: 2, Kinds: []crmsim.Fault{crmsim.Fault502}}})
	err := L.DoString(`
		for _ = 1, 2 do -- calls 1 and 2; the second gets a 502 and is retried (call 3)
			local status = crm.request{path = "/Leads", params = {per_page = 1}}
			assert_eq(status, 200, "GET through a 502")
		end
		local e = assert_raises(function()
			crm.request{method = "POST", path = "/Leads", body = {data = {{Last_Name = "raw-502"}}}}
		end, "POST answered 502")
		assert_eq(e.code, "OUTCOME_UNKNOWN", "code")
	`)
	if err != nil {
		t.Fatal(err)
	}
	if n := sb.Server.InjectedFaults()[crmsim.Fault502]; n != 2 {
		t.Errorf("%d faults injected, want 2 (a GET's first try, the POST)", n)
	}
}
