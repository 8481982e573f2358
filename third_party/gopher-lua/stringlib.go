package lua

import (
	"math"
	"strings"
)

const emptyLString LString = LString("")

func OpenString(L *LState) int {
	var mod *LTable
	//_, ok := L.G.builtinMts[int(LTString)]
	//if !ok {
	mod = L.RegisterModule(StringLibName, strFuncs).(*LTable)
	gmatch := L.NewFunction(strGmatch)
	mod.RawSetString("gmatch", gmatch)
	mod.RawSetString("gfind", gmatch)
	mod.RawSetString("__index", mod)
	L.G.builtinMts[int(LTString)] = mod
	//}
	L.Push(mod)
	return 1
}

var strFuncs = map[string]LGFunction{
	"byte":    strByte,
	"char":    strChar,
	"dump":    strDump,
	"find":    strFind,
	"format":  strFormat,
	"gsub":    strGsub,
	"len":     strLen,
	"lower":   strLower,
	"match":   strMatch,
	"rep":     strRep,
	"reverse": strReverse,
	"sub":     strSub,
	"upper":   strUpper,
}

// posRelat turns a possibly negative string position into a positive
// one, as 5.1's posrelat does (negative counts from the end, 0 stays).
func posRelat(pos int, l int) int {
	if pos < 0 {
		pos += l + 1
	}
	if pos < 0 {
		return 0
	}
	return pos
}

func strByte(L *LState) int {
	str := L.CheckString(1)
	l := len(str)
	posi := posRelat(L.OptInt(2, 1), l)
	pose := posRelat(L.OptInt(3, posi), l)
	if posi <= 0 {
		posi = 1
	}
	if pose > l {
		pose = l
	}
	if posi > pose {
		return 0
	}
	n := pose - posi + 1
	for i := 0; i < n; i++ {
		L.Push(LNumber(str[posi+i-1]))
	}
	return n
}

func strChar(L *LState) int {
	top := L.GetTop()
	bytes := make([]byte, top)
	for i := 1; i <= top; i++ {
		c := L.CheckInt(i)
		if c < 0 || c > 255 {
			L.ArgError(i, "invalid value")
		}
		bytes[i-1] = byte(c)
	}
	L.Push(LString(string(bytes)))
	return 1
}

func strDump(L *LState) int {
	L.RaiseError("GopherLua does not support the string.dump")
	return 0
}

// strFindAux is string.find (find) and string.match (!find), as 5.1's
// str_find_aux: init is clamped into the subject, and find does a plain
// search when asked to or when the pattern has no special characters.
func strFindAux(L *LState, find bool) int {
	str := L.CheckString(1)
	pat := L.CheckString(2)
	l := len(str)
	init := posRelat(L.OptInt(3, 1), l) - 1
	if init < 0 {
		init = 0
	} else if init > l {
		init = l
	}
	if find && (LVAsBool(L.Get(4)) || !strings.ContainsAny(cString(pat), patSpecials)) {
		if pos := strings.Index(str[init:], pat); pos >= 0 {
			L.Push(LNumber(init + pos + 1))
			L.Push(LNumber(init + pos + len(pat)))
			return 2
		}
		L.Push(LNil)
		return 1
	}
	ms := newMatchState(L, str, pat)
	p := 0
	anchor := ms.p(0) == '^'
	if anchor {
		p = 1
	}
	for s := init; ; s++ {
		ms.reset()
		if e := ms.match(s, p); e != -1 {
			if find {
				L.Push(LNumber(s + 1))
				L.Push(LNumber(e))
				return ms.pushCaptures(-1, -1, false) + 2
			}
			return ms.pushCaptures(s, e, true)
		}
		if s >= l || anchor {
			break
		}
	}
	L.Push(LNil)
	return 1
}

// cString is s up to its first '\0', as C functions see a Lua string.
func cString(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return s[:i]
	}
	return s
}

func strFind(L *LState) int { return strFindAux(L, true) }

func strMatch(L *LState) int { return strFindAux(L, false) }

func strGsub(L *LState) int {
	src := L.CheckString(1)
	pat := L.CheckString(2)
	repl := L.Get(3)
	switch repl.Type() {
	case LTNumber, LTString, LTFunction, LTTable:
	default:
		L.ArgError(3, "string/function/table expected")
	}
	maxN := L.OptInt(4, len(src)+1)
	ms := newMatchState(L, src, pat)
	p := 0
	anchor := ms.p(0) == '^'
	if anchor {
		p = 1
	}
	var b strings.Builder
	s, n := 0, 0
	for it := 1; n < maxN; it++ {
		ms.reset()
		e := ms.match(s, p)
		if e != -1 {
			n++
			gsubAddValue(ms, &b, repl, s, e)
			L.checkAlloc(b.Len(), "string.gsub")
		}
		if e != -1 && e > s { // a non-empty match: go on after it
			s = e
		} else if s < len(src) {
			b.WriteByte(src[s])
			s++
		} else {
			break
		}
		if anchor {
			break
		}
		if it%1024 == 0 { // replacements may be long: poll the context here too
			checkContext(L)
		}
	}
	b.WriteString(src[s:])
	L.Push(LString(b.String()))
	L.Push(LNumber(n))
	return 2
}

// gsubAddValue appends the replacement of the match src[s:e] to b.
func gsubAddValue(ms *matchState, b *strings.Builder, repl LValue, s, e int) {
	L := ms.L
	var value LValue
	switch r := repl.(type) {
	case LString, LNumber:
		gsubAddString(ms, b, LVAsString(r), s, e)
		return
	case *LFunction:
		L.Push(r)
		n := ms.pushCaptures(s, e, true)
		L.Call(n, 1)
		value = L.reg.Pop()
	case *LTable:
		value = L.GetTable(r, ms.captureValue(0, s, e))
	}
	switch v := value.(type) {
	case LString, LNumber:
		b.WriteString(LVAsString(v))
	default:
		if LVIsFalse(value) { // nil or false keeps the original text
			b.WriteString(ms.src[s:e])
		} else {
			L.RaiseError("invalid replacement value (a %s)", value.Type().String())
		}
	}
}

// gsubAddString appends the replacement string news for the match
// src[s:e]: %0 is the match, %1-%9 captures, and '%' before any other
// character stands for that character (5.1 has no error for it).
func gsubAddString(ms *matchState, b *strings.Builder, news string, s, e int) {
	for i := 0; i < len(news); i++ {
		c := news[i]
		if c != patEsc {
			b.WriteByte(c)
			continue
		}
		i++
		var d byte // a '%' at the end adds the C terminator, as in 5.1
		if i < len(news) {
			d = news[i]
		}
		switch {
		case !isDigit(d):
			b.WriteByte(d)
		case d == '0':
			b.WriteString(ms.src[s:e])
		default:
			b.WriteString(LVAsString(ms.captureValue(int(d-'1'), s, e)))
		}
	}
}

// gmatchState is a gmatch iterator's subject, pattern and position.
type gmatchState struct {
	src, pat string
	pos      int
}

// strGmatchIter is the iterator gmatch returns; its state is an upvalue,
// so it may also be called directly, without the for loop's arguments.
func strGmatchIter(L *LState) int {
	gm := L.Get(UpvalueIndex(1)).(*LUserData).Value.(*gmatchState)
	ms := newMatchState(L, gm.src, gm.pat)
	// 5.1's gmatch has no anchor: a leading '^' matches itself
	for s := gm.pos; s <= len(gm.src); s++ {
		ms.reset()
		if e := ms.match(s, 0); e != -1 {
			gm.pos = e
			if e == s { // an empty match: go on at least one position
				gm.pos++
			}
			return ms.pushCaptures(s, e, true)
		}
	}
	gm.pos = len(gm.src) + 1
	return 0
}

func strGmatch(L *LState) int {
	str := L.CheckString(1)
	pattern := L.CheckString(2)
	ud := L.NewUserData()
	ud.Value = &gmatchState{src: str, pat: pattern}
	L.Push(L.NewClosure(strGmatchIter, ud))
	return 1
}

func strLen(L *LState) int {
	str := L.CheckString(1)
	L.Push(LNumber(len(str)))
	return 1
}

// strMap applies a byte mapping (the C locale's tolower or toupper).
func strMap(s string, f func(byte) byte) string {
	b := make([]byte, len(s))
	for i := 0; i < len(s); i++ {
		b[i] = f(s[i])
	}
	return string(b)
}

func strLower(L *LState) int {
	L.Push(LString(strMap(L.CheckString(1), toLower)))
	return 1
}

// strRep checks the result's size against the state's memory limit before
// building it, and builds it in chunks so a cancelled run stops it.
func strRep(L *LState) int {
	str := L.CheckString(1)
	n := L.CheckInt(2)
	if n <= 0 || len(str) == 0 {
		L.Push(emptyLString)
		return 1
	}
	if n > math.MaxInt/len(str) {
		L.checkAlloc(math.MaxInt, "string.rep")
	}
	size := n * len(str)
	L.checkAlloc(size, "string.rep")
	const chunk = 1 << 20
	var b strings.Builder
	b.Grow(size)
	for b.Len() < size {
		checkContext(L)
		for k := 0; k < chunk && b.Len() < size; k += len(str) {
			b.WriteString(str)
		}
	}
	L.Push(LString(b.String()))
	return 1
}

func strReverse(L *LState) int {
	str := L.CheckString(1)
	out := make([]byte, len(str))
	for i, j := 0, len(str)-1; j >= 0; i, j = i+1, j-1 {
		out[i] = str[j]
	}
	L.Push(LString(string(out)))
	return 1
}

func strSub(L *LState) int {
	str := L.CheckString(1)
	l := len(str)
	start := posRelat(L.CheckInt(2), l)
	end := posRelat(L.OptInt(3, -1), l)
	if start < 1 {
		start = 1
	}
	if end > l {
		end = l
	}
	if start <= end {
		L.Push(LString(str[start-1 : end]))
	} else {
		L.Push(emptyLString)
	}
	return 1
}

func strUpper(L *LState) int {
	L.Push(LString(strMap(L.CheckString(1), toUpper)))
	return 1
}
