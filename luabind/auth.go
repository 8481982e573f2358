package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

func (b *binding) authFuncs() map[string]lua.LGFunction {
	return map[string]lua.LGFunction{
		"grant": b.authGrant,
		"user":  b.authUser,
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

// authUser is crm.auth.user() -> user_id
//
// The token store's identifier of the user this crm table acts for: [api]
// user or --user for crm itself, the id given to crm.as for its tables.
func (b *binding) authUser(L *lua.LState) int {
	L.Push(lua.LString(b.conn.UserID()))
	return 1
}

// as is crm.as(user_id) -> crm table acting for user_id
//
// The table has the same shape as crm (records, modules, auth, as, ...)
// and every call through it uses user_id's tokens from the shared token
// store; the same id always gives the same table. Calls raise OAUTH_ERROR
// when nothing is stored for the user.
func (b *binding) as(L *lua.LState) int {
	const call = "crm.as"
	id := checkName(L, 1, call, "user id")
	if t, ok := b.tables[id]; ok {
		L.Push(t)
		return 1
	}
	if b.m.Users == nil {
		return b.argError(L, call, "this host acts for user %q only", b.conn.UserID())
	}
	conn, err := b.m.Users(id)
	if err != nil {
		return b.raise(L, call, err)
	}
	other := *b
	other.conn = conn
	t := other.open(L)
	b.tables[id] = t
	L.Push(t)
	return 1
}
