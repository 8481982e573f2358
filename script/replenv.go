package script

import (
	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/ast"
)

// sessionEnv keeps a REPL's top-level locals from one line to the next.
// Lua compiles each line as its own chunk, so `local x = 5` would be gone
// by the next line (lua.c behaves so, and people find it a trap). Every
// line's chunk therefore runs with this table as its environment: its
// top-level local statements become assignments into it, so later lines
// and the functions defined on earlier lines see the same variables.
//
// Reads of other names fall through to the globals (__index is the
// globals table itself, so lookups stay in the VM), and assignments to
// names that no line declared go to the globals (__newindex), as they
// would without the table. A declared local holding nil reads as the
// global of the same name; that is the one difference from real locals.
type sessionEnv struct {
	table    *lua.LTable
	declared map[string]bool
}

func newSessionEnv(L *lua.LState) *sessionEnv {
	s := &sessionEnv{table: L.NewTable(), declared: map[string]bool{}}
	meta := L.NewTable()
	meta.RawSetString("__index", L.G.Global)
	meta.RawSetString("__newindex", L.NewFunction(s.assign))
	L.SetMetatable(s.table, meta)
	return s
}

// assign is the table's __newindex(t, k, v).
func (s *sessionEnv) assign(L *lua.LState) int {
	k, v := L.Get(2), L.Get(3)
	if name, ok := k.(lua.LString); ok && s.declared[string(name)] {
		s.table.RawSet(k, v)
		return 0
	}
	L.SetTable(L.G.Global, k, v)
	return 0
}

// compile compiles one REPL chunk whose top-level locals live in the
// session, and returns its function with the session as environment.
func (s *sessionEnv) compile(L *lua.LState, src, name string) (*lua.LFunction, error) {
	chunk, err := parseString(src, name)
	if err != nil {
		return nil, err
	}
	chunk, names := hoistLocals(chunk)
	proto, err := compileChunk(chunk, name)
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		s.declared[n] = true
	}
	fn := L.NewFunctionFromProto(proto)
	fn.Env = s.table
	return fn, nil
}

// hoistLocals rewrites the chunk's top-level `local a, b = e1, e2` into
// `a, b = e1, e2` (and `local function f` into `f = function`), which
// the session table turns into session variables, and returns the names
// declared. Nested blocks keep their locals: only the chunk's own scope
// outlives it.
func hoistLocals(chunk []ast.Stmt) ([]ast.Stmt, []string) {
	var names []string
	out := make([]ast.Stmt, len(chunk))
	for i, st := range chunk {
		local, ok := st.(*ast.LocalAssignStmt)
		if !ok {
			out[i] = st
			continue
		}
		assign := &ast.AssignStmt{Rhs: local.Exprs}
		assign.SetLine(local.Line())
		assign.SetLastLine(local.LastLine())
		for _, n := range local.Names {
			id := &ast.IdentExpr{Value: n}
			id.SetLine(local.Line())
			id.SetLastLine(local.Line())
			assign.Lhs = append(assign.Lhs, id)
			names = append(names, n)
		}
		if len(assign.Rhs) == 0 {
			nilExpr := &ast.NilExpr{}
			nilExpr.SetLine(local.Line())
			nilExpr.SetLastLine(local.Line())
			assign.Rhs = []ast.Expr{nilExpr}
		}
		out[i] = assign
	}
	return out, names
}
