package luabind_test

import (
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/session"
)

// walkCRM calls every function of the crm table with each bad argument
// list and records, per function, what each call raised ("" when it
// returned). It runs on its own sandbox: a call that accepts what it was
// given may change data (crm.auth.revoke with no user revokes the demo
// user's token).
const walkCRM = `
local bad = {
  {},                                        -- everything missing
  {42},                                      -- a number where a module or name belongs
  {"Leads", 42},                             -- a number as an id
  {"Leads", 3000000000000000001},            -- a 19-digit id as a number
  {"Leads", "1", 42},
  {"Leads", {no_such_option = true}},        -- unknown options
  {"Leads", "1", {no_such_option = true}},
  {"Leads", "1", "x", {no_such_option = true}},
  {true, true, true, true},                  -- every argument of the wrong type
  {{}, {}, {}, {}},
}
local out = {}
local function walk(t, path, seen)
  if seen[t] then return end
  seen[t] = true
  for k, v in pairs(t) do
    local name = path .. "." .. tostring(k)
    if type(v) == "function" then
      local raised = {}
      for i, args in ipairs(bad) do
        local ok, err = pcall(v, unpack(args))
        raised[i] = ok and "" or tostring(err)
      end
      out[name] = raised
    elseif type(v) == "table" and name ~= "crm.null" then
      walk(v, name, seen)
    end
  end
end
walk(crm, "crm", {})
RESULTS = out
`

// TestEveryCRMFunctionRejectsBadArgumentsInOneLine walks the whole crm
// table: every function, given numbers as ids, missing module names,
// unknown options or values of the wrong type, either accepts them or
// raises one line that names the function — never a Go panic, a
// traceback or a message that leaves the script author guessing.
func TestEveryCRMFunctionRejectsBadArgumentsInOneLine(t *testing.T) {
	_, L := ownSandbox(t, session.SandboxOptions{})
	if err := L.DoString(walkCRM); err != nil {
		t.Fatal(err)
	}
	results := L.GetGlobal("RESULTS").(*lua.LTable)
	funcs := 0
	results.ForEach(func(k, v lua.LValue) {
		funcs++
		name := k.String()
		rejected := 0
		v.(*lua.LTable).ForEach(func(i, msg lua.LValue) {
			m := msg.String()
			if m == "" {
				return
			}
			rejected++
			switch {
			case strings.Contains(m, "\n"):
				t.Errorf("%s, bad arguments #%v: more than one line:\n%s", name, i, m)
			case !strings.Contains(m, name+": ") && !strings.Contains(m, name+" "):
				t.Errorf("%s, bad arguments #%v: %q does not name the function", name, i, m)
			case strings.Contains(m, "runtime error") || strings.Contains(m, "goroutine") || strings.Contains(m, "panic"):
				t.Errorf("%s, bad arguments #%v: a Go failure leaked: %q", name, i, m)
			}
		})
		if rejected == 0 {
			t.Logf("%s accepts every bad argument list", name)
		}
	})
	if funcs < 60 {
		t.Errorf("walked %d functions; the crm table has more", funcs)
	}
	t.Logf("walked %d functions", funcs)
}
