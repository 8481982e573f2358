package luabind

import (
	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/progress"
)

// Progress is the `progress` Lua function with its bar factory injected.
type Progress struct {
	Bars progress.Bars
}

const progressType = "zcrmrun.progress_bar"

// Open returns the progress function for L.
//
// progress(total_or_nil, label) -> bar, with bar:add(n), bar:set(n) and
// bar:done(). Bars draw on stderr only when it is a terminal and --quiet
// is off; otherwise every method does nothing, so scripts call them freely.
func (p Progress) Open(L *lua.LState) *lua.LFunction {
	mt := L.NewTypeMetatable(progressType)
	L.SetField(mt, "__index", L.SetFuncs(L.NewTable(), map[string]lua.LGFunction{
		"add": func(L *lua.LState) int { checkBar(L).Add(L.OptInt(2, 1)); return 0 },
		"set": func(L *lua.LState) int { checkBar(L).Set(L.CheckInt(2)); return 0 },
		"done": func(L *lua.LState) int {
			checkBar(L).Done()
			return 0
		},
	}))
	return L.NewFunction(func(L *lua.LState) int {
		total := int64(-1)
		switch v := L.Get(1).(type) {
		case *lua.LNilType:
		case lua.LNumber:
			total = int64(v)
		default:
			L.RaiseError("progress: total (argument #1) must be a number or nil, got %s", v.Type())
		}
		label := L.OptString(2, "")
		ud := L.NewUserData()
		ud.Value = p.Bars.New(total, label)
		ud.Metatable = mt
		L.Push(ud)
		return 1
	})
}

func checkBar(L *lua.LState) progress.Bar {
	if ud, ok := L.Get(1).(*lua.LUserData); ok {
		if b, ok := ud.Value.(progress.Bar); ok {
			return b
		}
	}
	L.RaiseError("progress bar methods are called with ':' (bar:add(1))")
	return nil
}
