package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

// dryRun says whether writes are rehearsed (zcrmrun run --dry-run):
// crm.dry_run() -> boolean
func (b *binding) dryRun(L *lua.LState) int {
	L.Push(lua.LBool(b.conn != nil && b.conn.CRM().DryRun()))
	return 1
}

// stats reports what the run has spent so far, as --stats prints it:
// crm.stats() -> {calls=, credits=, retries=, throttled=,
// tokens_refreshed=, elapsed= (seconds), budget= (0: none)}
func (b *binding) stats(L *lua.LState) int {
	if b.conn == nil {
		L.RaiseError("crm.stats: no CRM connection")
	}
	s := b.conn.CRM().Stats()
	t := L.NewTable()
	t.RawSetString("calls", lua.LNumber(s.Calls))
	t.RawSetString("credits", lua.LNumber(s.Credits))
	t.RawSetString("retries", lua.LNumber(s.Retries))
	t.RawSetString("throttled", lua.LNumber(s.Throttled))
	t.RawSetString("tokens_refreshed", lua.LNumber(s.Refreshes))
	t.RawSetString("elapsed", lua.LNumber(s.Elapsed.Seconds()))
	t.RawSetString("budget", lua.LNumber(s.Budget))
	L.Push(t)
	return 1
}
