package luabind

import (
	"context"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/crm"
)

// Connection is what the crm table needs from a session: an API client and
// a way to exchange grant codes. session.Session implements it.
type Connection interface {
	CRM() *crm.Client
	Grant(ctx context.Context, code string) error
}

// Module is the `crm` Lua module with its dependencies injected.
type Module struct {
	Conn Connection
}

// NewModule returns the crm module for conn.
func NewModule(conn Connection) *Module { return &Module{Conn: conn} }

// Loader builds the crm table; use it with L.PreloadModule("crm", m.Loader).
func (m *Module) Loader(L *lua.LState) int {
	L.Push(m.Open(L))
	return 1
}

// Open builds the crm table for L without registering it anywhere.
func (m *Module) Open(L *lua.LState) *lua.LTable {
	b := newBinding(m, L)
	root := L.NewTable()
	root.RawSetString("null", b.null)
	root.RawSetString("array", L.NewFunction(b.array))
	root.RawSetString("object", L.NewFunction(b.object))
	sub := func(name string, fns map[string]lua.LGFunction) {
		root.RawSetString(name, L.SetFuncs(L.NewTable(), fns))
	}
	sub("auth", b.authFuncs())
	sub("records", b.recordFuncs())
	sub("modules", b.moduleFuncs())
	return root
}

// binding is the per-state half of the module: Lua values that belong to
// one LState (the null sentinel, metatables) live here, never in Module.
type binding struct {
	m        *Module
	conn     Connection // the connection this table's functions use
	null     *lua.LUserData
	objectMT *lua.LTable // marks tables that encode as JSON objects
	arrayMT  *lua.LTable // marks tables that encode as JSON arrays
	errorMT  *lua.LTable
}

func newBinding(m *Module, L *lua.LState) *binding {
	b := &binding{m: m, conn: m.Conn}
	b.null, b.objectMT, b.arrayMT = jsonValues(L)
	b.errorMT = L.NewTable()
	b.errorMT.RawSetString("__tostring", L.NewFunction(errorToString))
	b.errorMT.RawSetString("__name", lua.LString("crm.error"))
	return b
}

func ctxOf(L *lua.LState) context.Context {
	if ctx := L.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}

// array marks t (or a new table) as a JSON array: crm.array(t) -> t
func (b *binding) array(L *lua.LState) int {
	t := L.OptTable(1, L.NewTable())
	t.Metatable = b.arrayMT
	L.Push(t)
	return 1
}

// object marks t (or a new table) as a JSON object: crm.object(t) -> t
func (b *binding) object(L *lua.LState) int {
	t := L.OptTable(1, L.NewTable())
	t.Metatable = b.objectMT
	L.Push(t)
	return 1
}
