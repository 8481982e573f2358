package lua

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	"github.com/yuin/gopher-lua/parse"
)

/* basic functions {{{ */

func OpenBase(L *LState) int {
	global := L.Get(GlobalsIndex).(*LTable)
	L.SetGlobal("_G", global)
	L.SetGlobal("_VERSION", LString(LuaVersion))
	L.SetGlobal("_GOPHER_LUA_VERSION", LString(PackageName+" "+PackageVersion))
	basemod := L.RegisterModule("_G", baseFuncs)
	global.RawSetString("gcinfo", L.NewFunction(baseGcInfo))
	global.RawSetString("ipairs", L.NewClosure(baseIpairs, L.NewFunction(ipairsaux)))
	global.RawSetString("pairs", L.NewClosure(basePairs, L.NewFunction(pairsaux)))
	L.Push(basemod)
	return 1
}

var baseFuncs = map[string]LGFunction{
	"assert":         baseAssert,
	"collectgarbage": baseCollectGarbage,
	"dofile":         baseDoFile,
	"error":          baseError,
	"getfenv":        baseGetFEnv,
	"getmetatable":   baseGetMetatable,
	"load":           baseLoad,
	"loadfile":       baseLoadFile,
	"loadstring":     baseLoadString,
	"next":           baseNext,
	"pcall":          basePCall,
	"print":          basePrint,
	"rawequal":       baseRawEqual,
	"rawget":         baseRawGet,
	"rawset":         baseRawSet,
	"select":         baseSelect,
	"_printregs":     base_PrintRegs,
	"setfenv":        baseSetFEnv,
	"setmetatable":   baseSetMetatable,
	"tonumber":       baseToNumber,
	"tostring":       baseToString,
	"type":           baseType,
	"unpack":         baseUnpack,
	"xpcall":         baseXPCall,
	// loadlib
	"module":  loModule,
	"require": loRequire,
	// hidden features
	"newproxy": baseNewProxy,
}

func baseAssert(L *LState) int {
	L.CheckAny(1)
	if !L.ToBool(1) {
		L.RaiseError(L.OptString(2, "assertion failed!"))
		return 0
	}
	return L.GetTop()
}

// baseCollectGarbage is collectgarbage([opt [, arg]]). Go collects on
// its own, so "collect" and "step" run a collection, "stop" and "restart"
// are accepted and do nothing, "count" reports the Go heap in kilobytes,
// and "setpause"/"setstepmul" only remember their value (kept in the
// registry, per state) to return it as the previous one, as 5.1 does.
func baseCollectGarbage(L *LState) int {
	opt := L.OptString(1, "collect")
	switch opt {
	case "stop", "restart":
		L.Push(LNumber(0))
	case "collect":
		runtime.GC()
		L.G.Registry.RawSetString("_GCstep", LNumber(0))
		L.Push(LNumber(0))
	case "count":
		L.Push(LNumber(float64(gcHeapBytes()) / 1024))
	case "step":
		L.Push(LBool(gcStep(L, L.OptInt(2, 0))))
	case "setpause", "setstepmul":
		key := "_GC" + opt
		old, ok := L.G.Registry.RawGetString(key).(LNumber)
		if !ok {
			old = 200 // Lua 5.1's default for both
		}
		L.G.Registry.RawSetString(key, LNumber(L.OptInt(2, 0)))
		L.Push(old)
	default:
		L.ArgError(1, "invalid option '"+opt+"'")
	}
	return 1
}

// gcStepsPerCycle is how many collectgarbage("step") calls of size 0
// make up one collection cycle.
const gcStepsPerCycle = 16

// gcStep is collectgarbage("step", size). Go's collector has no steps to
// run, so a step only advances a cycle, by size + 1 (a larger size is a
// larger step, as in 5.1), and the step that completes it runs a whole
// collection and returns true, as 5.1 returns true when a step finishes
// a cycle. Code that steps until true (Lua's own gc.lua) thus ends.
func gcStep(L *LState, size int) bool {
	done, _ := L.G.Registry.RawGetString("_GCstep").(LNumber)
	if size < 0 {
		size = 0
	}
	done += LNumber(size) + 1
	if done < gcStepsPerCycle {
		L.G.Registry.RawSetString("_GCstep", done)
		return false
	}
	L.G.Registry.RawSetString("_GCstep", LNumber(0))
	runtime.GC()
	return true
}

// gcHeapBytes is the memory the Go heap holds in live and unswept
// objects, the closest match to Lua's count of allocated bytes.
func gcHeapBytes() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// baseGcInfo is gcinfo(), Lua 5.0's collectgarbage("count") in whole
// kilobytes, which 5.1 keeps.
func baseGcInfo(L *LState) int {
	L.Push(LNumber(gcHeapBytes() / 1024))
	return 1
}

func baseDoFile(L *LState) int {
	src := L.ToString(1)
	top := L.GetTop()
	fn, err := L.LoadFile(src)
	if err != nil {
		L.Push(LString(err.Error()))
		L.Panic(L)
	}
	L.Push(fn)
	L.Call(0, MultRet)
	return L.GetTop() - top
}

// baseError is error([v [, level]]); error() raises nil, as in 5.1.
func baseError(L *LState) int {
	level := L.OptInt(2, 1)
	L.Error(L.Get(1), level)
	return 0
}

func baseGetFEnv(L *LState) int {
	var value LValue
	if L.GetTop() == 0 {
		value = LNumber(1)
	} else {
		value = L.Get(1)
	}

	if fn, ok := value.(*LFunction); ok {
		if !fn.IsG {
			L.Push(fn.Env)
		} else {
			L.Push(L.G.Global)
		}
		return 1
	}

	if number, ok := value.(LNumber); ok {
		level := int(float64(number))
		if level <= 0 {
			L.Push(L.Env)
			return 1
		}
		// levels as 5.1 counts them (getfunc): a tail call is a level,
		// one whose function is gone
		levels := L.stackLevels()
		if level >= len(levels) {
			L.ArgError(1, "invalid level")
		}
		switch fi := levels[level]; {
		case fi.tailCall:
			L.RaiseError("no function environment for tail call at level %d", level)
		case fi.fn == nil || fi.fn.IsG:
			L.Push(L.G.Global)
		default:
			L.Push(fi.fn.Env)
		}
		return 1
	}

	L.Push(L.G.Global)
	return 1
}

func baseGetMetatable(L *LState) int {
	L.Push(L.GetMetatable(L.CheckAny(1)))
	return 1
}

func ipairsaux(L *LState) int {
	tb := L.CheckTable(1)
	i := L.CheckInt(2)
	i++
	v := tb.RawGetInt(i)
	if v == LNil {
		return 0
	} else {
		L.Pop(1)
		L.Push(LNumber(i))
		L.Push(LNumber(i))
		L.Push(v)
		return 2
	}
}

func baseIpairs(L *LState) int {
	tb := L.CheckTable(1)
	L.Push(L.Get(UpvalueIndex(1)))
	L.Push(tb)
	L.Push(LNumber(0))
	return 3
}

func loadaux(L *LState, reader io.Reader, chunkname string) int {
	return loadauxNamed(L, reader, chunkname, "")
}

// loadauxNamed is loadaux for a chunk Lua 5.1 names source (when it is
// not its SourceName chunkname), which debug.getinfo reports.
func loadauxNamed(L *LState, reader io.Reader, chunkname, source string) int {
	syntaxName := chunkname
	if source != "" {
		syntaxName = syntaxChunkName(source)
	}
	if fn, err := L.loadNamed(reader, chunkname, syntaxName); err != nil {
		L.Push(LNil)
		L.Push(LString(err.Error()))
		return 2
	} else {
		if source != "" && source != chunkname {
			setChunkName(fn.Proto, source)
		}
		L.Push(fn)
		return 1
	}
}

func baseLoad(L *LState) int {
	fn := L.CheckFunction(1)
	source := L.OptString(2, "=(load)")
	chunkname := chunkSourceName(source)
	top := L.GetTop()
	buf := []string{}
	for {
		L.SetTop(top)
		L.Push(fn)
		L.Call(0, 1)
		ret := L.reg.Pop()
		if ret == LNil {
			break
		} else if LVCanConvToString(ret) {
			str := ret.String()
			if len(str) > 0 {
				buf = append(buf, string(str))
			} else {
				break
			}
		} else {
			L.Push(LNil)
			L.Push(LString("reader function must return a string"))
			return 2
		}
	}
	return loadauxNamed(L, strings.NewReader(strings.Join(buf, "")), chunkname, source)
}

func baseLoadFile(L *LState) int {
	var reader io.Reader
	var chunkname string
	var err error
	if L.GetTop() < 1 {
		reader = os.Stdin
		chunkname = "<stdin>"
	} else {
		chunkname = L.CheckString(1)
		reader, err = os.Open(chunkname)
		if err != nil {
			L.Push(LNil)
			L.Push(LString(fmt.Sprintf("can not open file: %v", chunkname)))
			return 2
		}
		defer reader.(*os.File).Close()
	}
	return loadaux(L, reader, chunkname)
}

// baseLoadString is loadstring(s [, chunkname]); the chunk name defaults
// to s itself, as in Lua 5.1.
func baseLoadString(L *LState) int {
	s := L.CheckString(1)
	name := L.OptString(2, s)
	return loadauxNamed(L, strings.NewReader(s), chunkSourceName(name), name)
}

// chunkSourceName is the name gopher-lua gives a chunk Lua 5.1 would name
// chunkname: its short_src ("=name" is name, "@file" is file, other names
// [string "..."]), which is what error positions show.
func chunkSourceName(chunkname string) string {
	if strings.HasPrefix(chunkname, "@") {
		return chunkname[1:]
	}
	return chunkShortSrc(chunkname)
}

func baseNext(L *LState) int {
	tb := L.CheckTable(1)
	index := LNil
	if L.GetTop() >= 2 {
		index = L.Get(2)
	}
	key, value := tb.Next(index)
	if key == LNil {
		L.Push(LNil)
		return 1
	}
	L.Push(key)
	L.Push(value)
	return 2
}

func pairsaux(L *LState) int {
	tb := L.CheckTable(1)
	key, value := tb.Next(L.Get(2))
	if key == LNil {
		return 0
	} else {
		L.Pop(1)
		L.Push(key)
		L.Push(key)
		L.Push(value)
		return 2
	}
}

func basePairs(L *LState) int {
	tb := L.CheckTable(1)
	L.Push(L.Get(UpvalueIndex(1)))
	L.Push(tb)
	L.Push(LNil)
	return 3
}

func basePCall(L *LState) int {
	L.CheckAny(1)
	v := L.Get(1)
	if v.Type() != LTFunction && L.GetMetaField(v, "__call").Type() != LTFunction {
		L.Push(LFalse)
		L.Push(LString("attempt to call a " + v.Type().String() + " value"))
		return 2
	}
	nargs := L.GetTop() - 1
	if err := L.PCall(nargs, MultRet, nil); err != nil {
		L.Push(LFalse)
		if aerr, ok := err.(*ApiError); ok {
			L.Push(aerr.Object)
		} else {
			L.Push(LString(err.Error()))
		}
		return 2
	} else {
		L.Insert(LTrue, 1)
		return L.GetTop()
	}
}

// basePrint is print(...): like Lua 5.1's, it turns each argument into
// text by calling the global tostring, so a script that replaces tostring
// changes what print writes.
func basePrint(L *LState) int {
	line, err := PrintLine(L)
	os.Stdout.WriteString(line)
	if err != "" {
		L.RaiseError(err)
	}
	return 0
}

// PrintLine builds the line print(...) writes for the arguments of the
// running Go function: each turned into text by the global tostring,
// tab-separated, ending in a newline. When a tostring result is not a
// string it returns the text so far (Lua 5.1 has written it by then) and
// the error to raise; errors raised by tostring itself propagate. Hosts
// that send print elsewhere use it to print exactly as Lua does.
func PrintLine(L *LState) (line string, err string) {
	top := L.GetTop()
	tostring := L.GetGlobal("tostring")
	var b strings.Builder
	for i := 1; i <= top; i++ {
		L.Push(tostring)
		L.Push(L.Get(i))
		L.Call(1, 1)
		s := L.Get(-1)
		L.Pop(1)
		if !LVCanConvToString(s) {
			return b.String(), "'tostring' must return a string to 'print'"
		}
		if i > 1 {
			b.WriteByte('\t')
		}
		b.WriteString(LVAsString(s))
	}
	b.WriteByte('\n')
	return b.String(), ""
}

func base_PrintRegs(L *LState) int {
	L.printReg()
	return 0
}

func baseRawEqual(L *LState) int {
	if L.CheckAny(1) == L.CheckAny(2) {
		L.Push(LTrue)
	} else {
		L.Push(LFalse)
	}
	return 1
}

func baseRawGet(L *LState) int {
	L.Push(L.RawGet(L.CheckTable(1), L.CheckAny(2)))
	return 1
}

// baseRawSet is rawset(t, k, v); it returns t, as in 5.1.
func baseRawSet(L *LState) int {
	t := L.CheckTable(1)
	L.RawSet(t, L.CheckAny(2), L.CheckAny(3))
	L.Push(t)
	return 1
}

// baseSelect is select(n, ...): the arguments after the n-th (n < 0
// counts from the end), or their count when n is a string starting '#'.
func baseSelect(L *LState) int {
	n := L.GetTop()
	if s, ok := L.Get(1).(LString); ok && strings.HasPrefix(string(s), "#") {
		L.Push(LNumber(n - 1))
		return 1
	}
	i := L.CheckInt(1)
	if i < 0 {
		i = n + i
	} else if i > n {
		i = n
	}
	if i < 1 {
		L.ArgError(1, "index out of range")
	}
	return n - i
}

func baseSetFEnv(L *LState) int {
	var value LValue
	if L.GetTop() == 0 {
		value = LNumber(1)
	} else {
		value = L.Get(1)
	}
	env := L.CheckTable(2)

	if fn, ok := value.(*LFunction); ok {
		if fn.IsG {
			L.RaiseError("cannot change the environment of given object")
		} else {
			fn.Env = env
			L.Push(fn)
			return 1
		}
	}

	if number, ok := value.(LNumber); ok {
		level := int(float64(number))
		if level <= 0 {
			L.Env = env
			return 0
		}

		cf := L.currentFrame
		for i := 0; i < level && cf != nil; i++ {
			cf = cf.Parent
		}
		if cf == nil || cf.Fn.IsG {
			L.RaiseError("cannot change the environment of given object")
		} else {
			cf.Fn.Env = env
			L.Push(cf.Fn)
			return 1
		}
	}

	L.RaiseError("cannot change the environment of given object")
	return 0
}

func baseSetMetatable(L *LState) int {
	obj := L.CheckTable(1)
	if t := L.Get(2).Type(); L.GetTop() < 2 || t != LTNil && t != LTTable {
		L.ArgError(2, "nil or table expected")
	}
	mt := L.Get(2)
	if m := L.metatable(obj, true); m != LNil {
		if tb, ok := m.(*LTable); ok && tb.RawGetString("__metatable") != LNil {
			L.RaiseError("cannot change a protected metatable")
		}
	}
	L.SetMetatable(obj, mt)
	L.SetTop(1)
	return 1
}

// baseToNumber is 5.1's tonumber: in base 10 what the string says as a
// Lua numeral (str2number), in bases 2-36 an unsigned integer (strtoul).
func baseToNumber(L *LState) int {
	base := L.OptInt(2, 10)
	if base == 10 {
		switch lv := L.CheckAny(1).(type) {
		case LNumber:
			L.Push(lv)
			return 1
		case LString:
			if f, err := str2number(string(lv)); err == nil {
				L.Push(LNumber(f))
				return 1
			}
		}
		L.Push(LNil)
		return 1
	}
	s := L.CheckString(1)
	if base < 2 || base > 36 {
		L.ArgError(2, "base out of range")
	}
	if n, ok := strtoul(s, base); ok {
		L.Push(LNumber(float64(n)))
	} else {
		L.Push(LNil)
	}
	return 1
}

func baseToString(L *LState) int {
	v1 := L.CheckAny(1)
	L.Push(L.ToStringMeta(v1))
	return 1
}

func baseType(L *LState) int {
	L.Push(LString(L.CheckAny(1).Type().String()))
	return 1
}

// baseUnpack is unpack(t [, i [, j]]): t[i], ..., t[j], holes included;
// j defaults to #t.
func baseUnpack(L *LState) int {
	tb := L.CheckTable(1)
	i := L.OptInt(2, 1)
	e := 0
	if L.Get(3) == LNil {
		e = tb.Len()
	} else {
		e = L.CheckInt(3)
	}
	if i > e {
		return 0
	}
	n := e - i + 1
	if n <= 0 || n > unpackMax { // n <= 0: the subtraction overflowed
		L.RaiseError("too many results to unpack")
	}
	L.reg.checkSize(L.reg.Top() + n) // one resize, not one per growth step
	for k := 0; k < n; k++ {
		if k%libCheckEvery == libCheckEvery-1 {
			libCheckContext(L)
		}
		L.Push(tb.RawGetInt(i + k))
	}
	return n
}

// unpackMax bounds what one unpack returns. Lua 5.1's bound is its C
// stack limit (8,000 values); ours is as far as a growable stack can
// sensibly go, and refuses before allocating rather than after.
const unpackMax = 1 << 26

func baseXPCall(L *LState) int {
	L.CheckAny(2) // 5.1 checks the handler is there before anything else
	fn := L.CheckFunction(1)
	errfunc := L.CheckFunction(2)

	top := L.GetTop()
	L.Push(fn)
	if err := L.PCall(0, MultRet, errfunc); err != nil {
		L.Push(LFalse)
		if aerr, ok := err.(*ApiError); ok {
			L.Push(aerr.Object)
		} else {
			L.Push(LString(err.Error()))
		}
		return 2
	} else {
		L.Insert(LTrue, top+1)
		return L.GetTop() - top
	}
}

/* }}} */

/* load lib {{{ */

func loModule(L *LState) int {
	name := L.CheckString(1)
	loaded := L.GetField(L.Get(RegistryIndex), "_LOADED")
	tb := L.GetField(loaded, name)
	if _, ok := tb.(*LTable); !ok {
		tb = L.FindTable(L.Get(GlobalsIndex).(*LTable), name, 1)
		if tb == LNil {
			L.RaiseError("name conflict for module: %v", name)
		}
		L.SetField(loaded, name, tb)
	}
	if L.GetField(tb, "_NAME") == LNil {
		L.SetField(tb, "_M", tb)
		L.SetField(tb, "_NAME", LString(name))
		names := strings.Split(name, ".")
		pname := ""
		if len(names) > 1 {
			pname = strings.Join(names[:len(names)-1], ".") + "."
		}
		L.SetField(tb, "_PACKAGE", LString(pname))
	}

	caller := L.currentFrame.Parent
	if caller == nil {
		L.RaiseError("no calling stack.")
	} else if caller.Fn.IsG {
		L.RaiseError("module() can not be called from GFunctions.")
	}
	L.SetFEnv(caller.Fn, tb)

	top := L.GetTop()
	for i := 2; i <= top; i++ {
		L.Push(L.Get(i))
		L.Push(tb)
		L.Call(1, 0)
	}
	L.Push(tb)
	return 1
}

var loopdetection = &LUserData{}

func loRequire(L *LState) int {
	name := L.CheckString(1)
	loaded := L.GetField(L.Get(RegistryIndex), "_LOADED")
	lv := L.GetField(loaded, name)
	if LVAsBool(lv) {
		if lv == loopdetection {
			L.RaiseError("loop or previous error loading module: %s", name)
		}
		L.Push(lv)
		return 1
	}
	loaders, ok := L.GetField(L.Get(RegistryIndex), "_LOADERS").(*LTable)
	if !ok {
		L.RaiseError("package.loaders must be a table")
	}
	var messages strings.Builder
	var modasfunc LValue
	for i := 1; ; i++ {
		loader := L.RawGetInt(loaders, i)
		if loader == LNil {
			// 5.1's ll_require: the loaders' messages as they are, each
			// starting with its own "\n\t".
			L.RaiseError("module '%s' not found:%s", name, messages.String())
		}
		L.Push(loader)
		L.Push(LString(name))
		L.Call(1, 1)
		ret := L.reg.Pop()
		switch retv := ret.(type) {
		case *LFunction:
			modasfunc = retv
			goto loopbreak
		case LString:
			messages.WriteString(string(retv))
		}
	}
loopbreak:
	L.SetField(loaded, name, loopdetection)
	L.Push(modasfunc)
	L.Push(LString(name))
	L.Call(1, 1)
	ret := L.reg.Pop()
	modv := L.GetField(loaded, name)
	if ret != LNil && modv == loopdetection {
		L.SetField(loaded, name, ret)
		L.Push(ret)
	} else if modv == loopdetection {
		L.SetField(loaded, name, LTrue)
		L.Push(LTrue)
	} else {
		L.Push(modv)
	}
	return 1
}

/* }}} */

/* hidden features {{{ */

func baseNewProxy(L *LState) int {
	ud := L.NewUserData()
	L.SetTop(1)
	if L.Get(1) == LTrue {
		L.SetMetatable(ud, L.NewTable())
	} else if d, ok := L.Get(1).(*LUserData); ok {
		L.SetMetatable(ud, L.GetMetatable(d))
	}
	L.Push(ud)
	return 1
}

/* }}} */

//

// loadNamed is LState.Load for a chunk the parser names syntaxName in its
// errors (5.1 gives syntax errors a longer chunk id than runtime errors)
// and the compiler names chunkname.
func (ls *LState) loadNamed(reader io.Reader, chunkname, syntaxName string) (*LFunction, error) {
	chunk, err := parse.Parse(reader, syntaxName)
	if err != nil {
		return nil, newApiErrorE(ApiErrorSyntax, err)
	}
	proto, err := Compile(chunk, chunkname)
	if err != nil {
		return nil, newApiErrorE(ApiErrorSyntax, err)
	}
	return newLFunctionL(proto, ls.currentEnv(), 0), nil
}
