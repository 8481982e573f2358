package lua

func OpenDebug(L *LState) int {
	dbgmod := L.RegisterModule(DebugLibName, debugFuncs)
	L.Push(dbgmod)
	return 1
}

var debugFuncs = map[string]LGFunction{
	"getfenv":      debugGetFEnv,
	"getinfo":      debugGetInfo,
	"getlocal":     debugGetLocal,
	"getmetatable": debugGetMetatable,
	"getupvalue":   debugGetUpvalue,
	"setfenv":      debugSetFEnv,
	"setlocal":     debugSetLocal,
	"setmetatable": debugSetMetatable,
	"setupvalue":   debugSetUpvalue,
	"traceback":    debugTraceback,
	"sethook":      debugSetHook,
	"gethook":      debugGetHook,
	"getregistry":  debugGetRegistry,
}

func debugGetFEnv(L *LState) int {
	L.Push(L.GetFEnv(L.CheckAny(1)))
	return 1
}

// debugThreadArg is the optional thread first argument of the debug
// functions: the thread, and the index of the next argument.
func debugThreadArg(L *LState) (*LState, int) {
	if th, ok := L.Get(1).(*LState); ok {
		return th, 2
	}
	return L, 1
}

// debugGetInfo is debug.getinfo([thread,] f_or_level [, what]).
func debugGetInfo(L *LState) int {
	th, arg := debugThreadArg(L)
	what := L.OptString(arg+1, "flnSu")
	var fi *funcInfo
	switch lv := L.Get(arg).(type) {
	case *LFunction:
		fi = infoOfFunc(lv)
	case LNumber:
		levels := th.stackLevels()
		n := int(lv)
		if n < 0 || n >= len(levels) {
			L.Push(LNil)
			return 1
		}
		fi = levels[n]
	default:
		L.ArgError(arg, "function or level expected")
	}
	tbl := L.NewTable()
	for _, c := range what {
		switch c {
		case 'S':
			tbl.RawSetString("source", LString(fi.source))
			tbl.RawSetString("short_src", LString(fi.shortSrc))
			tbl.RawSetString("linedefined", LNumber(fi.lineDefined))
			tbl.RawSetString("lastlinedefined", LNumber(fi.lastLineDef))
			tbl.RawSetString("what", LString(fi.what))
		case 'l':
			tbl.RawSetString("currentline", LNumber(fi.currentLine))
		case 'u':
			tbl.RawSetString("nups", LNumber(fi.nups))
		case 'n':
			if fi.nameWhat != "" || fi.tailCall {
				tbl.RawSetString("name", LString(fi.name))
			}
			tbl.RawSetString("namewhat", LString(fi.nameWhat))
		case 'f':
			if fi.fn != nil {
				tbl.RawSetString("func", fi.fn)
			}
		case 'L':
			if fi.fn != nil && !fi.fn.IsG {
				lines := L.NewTable()
				for _, line := range fi.fn.Proto.DbgSourcePositions {
					lines.RawSetInt(line, LTrue)
				}
				tbl.RawSetString("activelines", lines)
			}
		default:
			L.ArgError(arg+1, "invalid option")
		}
	}
	L.Push(tbl)
	return 1
}

// debugLevelFrame is the frame at stack level arg of debug.getlocal and
// setlocal, nil for a level without locals (a tail call, the host).
func debugLevelFrame(L *LState, arg int) *callFrame {
	th, _ := debugThreadArg(L)
	levels := th.stackLevels()
	level := L.CheckInt(arg)
	if level < 0 || level >= len(levels) {
		L.ArgError(arg, "level out of range")
	}
	return levels[level].frame
}

func debugGetLocal(L *LState) int {
	th, arg := debugThreadArg(L)
	frame := debugLevelFrame(L, arg)
	idx := L.CheckInt(arg + 1)
	if frame != nil {
		if name, value := th.GetLocal(&Debug{frame: frame}, idx); len(name) > 0 {
			L.Push(LString(name))
			L.Push(value)
			return 2
		}
	}
	L.Push(LNil)
	return 1
}

// debugGetMetatable is debug.getmetatable(v): the metatable itself,
// whatever its __metatable field says.
func debugGetMetatable(L *LState) int {
	L.Push(L.metatable(L.CheckAny(1), true))
	return 1
}

// debugGetUpvalue is debug.getupvalue(f, n): the name and value of f's
// n-th upvalue, or nothing when there is none (or f is a Go function).
func debugGetUpvalue(L *LState) int {
	fn := L.CheckFunction(1)
	idx := L.CheckInt(2)
	if fn.IsG {
		return 0
	}
	name, value := L.GetUpvalue(fn, idx)
	if len(name) == 0 {
		return 0
	}
	L.Push(LString(name))
	L.Push(value)
	return 2
}

func debugSetFEnv(L *LState) int {
	L.SetFEnv(L.CheckAny(1), L.CheckAny(2))
	return 0
}

func debugSetLocal(L *LState) int {
	th, arg := debugThreadArg(L)
	frame := debugLevelFrame(L, arg)
	idx := L.CheckInt(arg + 1)
	value := L.CheckAny(arg + 2)
	if frame != nil {
		if name := th.SetLocal(&Debug{frame: frame}, idx, value); len(name) > 0 {
			L.Push(LString(name))
			return 1
		}
	}
	L.Push(LNil)
	return 1
}

func debugSetMetatable(L *LState) int {
	L.CheckTypes(2, LTNil, LTTable)
	obj := L.Get(1)
	mt := L.Get(2)
	L.SetMetatable(obj, mt)
	L.Push(LTrue) // Lua 5.1 returns whether it could set it
	return 1
}

// debugSetUpvalue is debug.setupvalue(f, n, v): the upvalue's name, or
// nothing when there is none.
func debugSetUpvalue(L *LState) int {
	fn := L.CheckFunction(1)
	idx := L.CheckInt(2)
	value := L.CheckAny(3)
	if fn.IsG {
		return 0
	}
	name := L.SetUpvalue(fn, idx, value)
	if len(name) == 0 {
		return 0
	}
	L.Push(LString(name))
	return 1
}

// debugTraceback is debug.traceback([thread,] [msg [, level]]): msg and
// the stack from level (default 1, the caller) in Lua 5.1's format. A msg
// that is neither string nor number is returned as it is.
func debugTraceback(L *LState) int {
	th, arg := debugThreadArg(L)
	level := 1
	if th != L {
		level = 0
	}
	if n, ok := L.Get(arg + 1).(LNumber); ok {
		level = int(n)
	}
	msg := ""
	if L.GetTop() >= arg {
		v := L.Get(arg)
		if !LVCanConvToString(v) {
			L.Push(v)
			return 1
		}
		msg = LVAsString(v) + "\n"
	}
	L.Push(LString(msg + th.traceback(level)))
	return 1
}

// debugSetHook is debug.sethook([thread,] [f, mask [, count]]) (5.1's
// db_sethook): mask holds 'c', 'r' and 'l', count > 0 adds a count hook;
// no function turns the hooks off.
func debugSetHook(L *LState) int {
	th, arg := debugThreadArg(L)
	if L.Get(arg) == LNil {
		th.setHook(LNil, 0, 0)
		return 0
	}
	smask := L.CheckString(arg + 1)
	fn := L.CheckFunction(arg)
	count := L.OptInt(arg+2, 0)
	var mask uint8
	for _, c := range smask {
		switch c {
		case 'c':
			mask |= hookCall
		case 'r':
			mask |= hookRet
		case 'l':
			mask |= hookLine
		}
	}
	if count > 0 {
		mask |= hookCount
	}
	th.setHook(fn, mask, count)
	return 0
}

// debugGetHook is debug.gethook([thread]): the hook, its mask and count.
func debugGetHook(L *LState) int {
	th, _ := debugThreadArg(L)
	h := th.hook
	if h == nil {
		L.Push(LNil)
		L.Push(LString(""))
		L.Push(LNumber(0))
		return 3
	}
	mask := ""
	for _, m := range []struct {
		bit uint8
		c   string
	}{{hookCall, "c"}, {hookRet, "r"}, {hookLine, "l"}} {
		if th.hookMask&m.bit != 0 {
			mask += m.c
		}
	}
	L.Push(h.fn)
	L.Push(LString(mask))
	L.Push(LNumber(h.count))
	return 3
}

// debugGetRegistry is debug.getregistry(): the registry table.
func debugGetRegistry(L *LState) int {
	L.Push(L.G.Registry)
	return 1
}
