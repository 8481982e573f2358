package luabind_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/luabind"
	"github.com/zcrmrun/zcrmrun/session"
)

// sandbox is one seeded emulator shared by the package's tests; tests that
// write records must create their own and not rely on counts of others.
var sandbox *session.Sandbox

func TestMain(m *testing.M) {
	sb, err := session.StartSandbox(context.Background(), "")
	if err != nil {
		panic(err)
	}
	sandbox = sb
	code := m.Run()
	sb.Close()
	os.Exit(code)
}

// newState returns a Lua state with the crm table bound to the sandbox and
// the test helpers of testdata/helpers.lua loaded.
func newState(t *testing.T) *lua.LState {
	t.Helper()
	L := bindState(t, sandbox)
	L.SetGlobal("csv", luabind.CSV{}.Open(L))
	L.SetGlobal("progress", luabind.Progress{}.Open(L))
	L.SetGlobal("TMPDIR", lua.LString(t.TempDir()))
	return L
}

// bindState returns a Lua state, closed with the test, with the crm table
// bound to sb (crm.as reaching its other users) and testdata/helpers.lua
// loaded.
func bindState(t *testing.T, sb *session.Sandbox) *lua.LState {
	t.Helper()
	L := lua.NewState()
	t.Cleanup(L.Close)
	L.SetContext(t.Context())
	sess := sb.Session("")
	mod := luabind.NewModule(sess)
	mod.Users = func(id string) (luabind.Connection, error) { return sess.As(id), nil }
	L.SetGlobal("crm", mod.Open(L))
	if err := L.DoFile("testdata/helpers.lua"); err != nil {
		t.Fatal(err)
	}
	return L
}

// TestLua runs every global function named test_* in testdata/*_test.lua,
// each in a fresh state, as a subtest. The Lua files are the tests.
func TestLua(t *testing.T) {
	files, _ := filepath.Glob("testdata/*_test.lua")
	if len(files) == 0 {
		t.Fatal("no Lua tests found")
	}
	for _, file := range files {
		names := testNames(t, file)
		if len(names) == 0 {
			t.Errorf("%s defines no test_* functions", file)
		}
		for _, name := range names {
			t.Run(strings.TrimSuffix(filepath.Base(file), ".lua")+"/"+name, func(t *testing.T) {
				L := newState(t)
				if err := L.DoFile(file); err != nil {
					t.Fatal(err)
				}
				if err := L.CallByParam(lua.P{Fn: L.GetGlobal(name), NRet: 0, Protect: true}); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

func testNames(t *testing.T, file string) []string {
	L := lua.NewState()
	defer L.Close()
	for _, g := range []string{"crm", "csv"} {
		L.SetGlobal(g, L.NewTable())
	}
	if err := L.DoFile(file); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	var names []string
	L.G.Global.ForEach(func(k, v lua.LValue) {
		if s := k.String(); strings.HasPrefix(s, "test_") && v.Type() == lua.LTFunction {
			names = append(names, s)
		}
	})
	sort.Strings(names)
	return names
}
