package luabind

import (
	lua "github.com/yuin/gopher-lua"
)

func (b *binding) moduleFuncs() map[string]lua.LGFunction {
	return map[string]lua.LGFunction{
		"list": b.modulesList,
		"get":  b.modulesGet,
	}
}

// modulesList is crm.modules.list() -> modules
//
// Every module of the org as Zoho describes it (api_name, module_name,
// api_supported, ...).
func (b *binding) modulesList(L *lua.LState) int {
	ms, err := b.conn.CRM().Modules(ctxOf(L))
	if err != nil {
		return b.raise(L, "crm.modules.list", err)
	}
	L.Push(b.toLua(L, ms))
	return 1
}

// modulesGet is crm.modules.get(api_name) -> module | nil
//
// One module's metadata, fields included; nil when there is no such module.
func (b *binding) modulesGet(L *lua.LState) int {
	const call = "crm.modules.get"
	name := checkName(L, 1, call, "api_name")
	m, err := b.conn.CRM().Module(ctxOf(L), name)
	if err != nil {
		return b.raise(L, call, err)
	}
	if m == nil {
		L.Push(lua.LNil)
		return 1
	}
	L.Push(b.toLua(L, m))
	return 1
}
