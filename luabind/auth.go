package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

func (b *binding) authFuncs() map[string]lua.LGFunction {
	return map[string]lua.LGFunction{
		"grant": b.authGrant,
	}
}

// authGrant is crm.auth.grant(code) -> true
//
// Exchanges a single-use grant code (from the Zoho API console's self
// client) for tokens and stores them for the current user. Raises on an
// expired or used code; the code never appears in the error.
func (b *binding) authGrant(L *lua.LState) int {
	const call = "crm.auth.grant"
	code := checkName(L, 1, call, "grant code")
	if err := b.conn.Grant(ctxOf(L), code); err != nil {
		return b.raise(L, call, err)
	}
	L.Push(lua.LTrue)
	return 1
}
