package luabind

import (
	"context"
	"io"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/crm"
	"github.com/zcrmrun/zcrmrun/progress"
)

// Connection is what the crm table needs from a session: an API client and
// a way to exchange grant codes. session.Session implements it.
type Connection interface {
	CRM() *crm.Client
	Grant(ctx context.Context, code string) error
	UserID() string // the token store's user identifier
}

// Module is the `crm` Lua module with its dependencies injected.
type Module struct {
	Conn   Connection
	Stdout io.Writer // where crm.print_table writes; nil means os.Stdout
	// Users returns the connection of another user, for crm.as(id). The
	// connections should share one token store; nil means the host acts
	// for Conn's user only.
	Users func(id string) (Connection, error)
	// Bars draw progress for bulk writes and iterations; the zero value
	// draws none.
	Bars progress.Bars
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
	root := b.open(L)
	if m.Conn != nil {
		b.tables[m.Conn.UserID()] = root
	}
	return root
}

// open builds a crm table whose functions act through b.conn; crm.as
// builds one per user the same way, so every user's table has one shape.
func (b *binding) open(L *lua.LState) *lua.LTable {
	root := L.NewTable()
	root.RawSetString("null", b.null)
	root.RawSetString("array", L.NewFunction(b.array))
	root.RawSetString("object", L.NewFunction(b.object))
	root.RawSetString("print_table", L.NewFunction(b.printTable))
	sub := func(name string, fns map[string]lua.LGFunction) {
		root.RawSetString(name, L.SetFuncs(L.NewTable(), fns))
	}
	sub("auth", b.authFuncs())
	sub("records", b.recordFuncs())
	sub("modules", b.moduleFuncs())
	root.RawSetString("coql", L.NewFunction(b.coql))
	root.RawSetString("coql_iter", L.NewFunction(b.coqlIter))
	root.RawSetString("request", L.NewFunction(b.request))
	sub("notes", b.noteFuncs())
	sub("attachments", b.attachmentFuncs())
	sub("photos", b.photoFuncs())
	sub("functions", map[string]lua.LGFunction{"execute": b.functionsExecute})
	for name, fns := range b.settingsTables() {
		sub(name, fns)
	}
	root.RawSetString("API", b.apiTable(L))
	root.RawSetString("as", L.NewFunction(b.as))
	root.RawSetString("dry_run", L.NewFunction(b.dryRun))
	root.RawSetString("stats", L.NewFunction(b.stats))
	return root
}

// binding is the per-state half of the module: the connection its
// functions use and the Lua values that belong to one LState.
type binding struct {
	m    *Module
	conn Connection // the connection this table's functions use
	*stateValues
	tables map[string]*lua.LTable // crm tables by user id, shared by crm.as
}

func newBinding(m *Module, L *lua.LState) *binding {
	return &binding{m: m, conn: m.Conn, stateValues: valuesOf(L), tables: map[string]*lua.LTable{}}
}

// stateValues are the Lua values shared by every table zcrmrun installs in
// one state (crm, csv, json, ...): one null sentinel, so json.null ==
// crm.null, and one set of metatables, so tagged tables mean the same
// everywhere. They live in the state's registry, never in Go globals.
type stateValues struct {
	null     *lua.LUserData
	objectMT *lua.LTable // marks tables that encode as JSON objects
	arrayMT  *lua.LTable // marks tables that encode as JSON arrays
	errorMT  *lua.LTable
}

const registryKey = "zcrmrun.luabind.values"

func valuesOf(L *lua.LState) *stateValues {
	if ud, ok := L.G.Registry.RawGetString(registryKey).(*lua.LUserData); ok {
		if v, ok := ud.Value.(*stateValues); ok {
			return v
		}
	}
	v := &stateValues{null: L.NewUserData()}
	nullMT := L.NewTable()
	nullMT.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int { L.Push(lua.LString("null")); return 1 }))
	nullMT.RawSetString("__name", lua.LString("crm.null"))
	v.null.Metatable = nullMT
	v.objectMT = L.NewTable()
	v.objectMT.RawSetString("__name", lua.LString("crm.object"))
	v.arrayMT = L.NewTable()
	v.arrayMT.RawSetString("__name", lua.LString("crm.array"))
	v.errorMT = L.NewTable()
	v.errorMT.RawSetString("__tostring", L.NewFunction(errorToString))
	v.errorMT.RawSetString("__name", lua.LString("crm.error"))
	ud := L.NewUserData()
	ud.Value = v
	L.G.Registry.RawSetString(registryKey, ud)
	return v
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
