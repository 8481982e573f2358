package lua

import (
	"strings"
)

// This file is what Lua 5.1's debug interface reports about functions
// and stack levels (short_src, source, what, names), shared by
// debug.getinfo, debug.traceback and the traceback of uncaught errors.

// luaIDSize is Lua 5.1's LUA_IDSIZE, the size of a short_src.
const luaIDSize = 60

// chunkShortSrc is Lua 5.1's luaO_chunkid: "=name" is name, "@file" the
// file (its tail when long), anything else [string "first line..."].
func chunkShortSrc(source string) string { return chunkID(source, luaIDSize) }

// luaMaxSrc is llex.c's MAXSRC, the size of the chunk id in syntax errors
// (runtime errors use LUA_IDSIZE).
const luaMaxSrc = 80

// chunkID is luaO_chunkid for a buffer of size bytes. The source ends at
// a NUL, as a C string does.
func chunkID(source string, size int) string {
	if i := strings.IndexByte(source, 0); i >= 0 {
		source = source[:i]
	}
	switch {
	case strings.HasPrefix(source, "="):
		s := source[1:]
		if len(s) > size-1 {
			s = s[:size-1]
		}
		return s
	case strings.HasPrefix(source, "@"):
		s, max := source[1:], size-len(" '...' ")-1
		if len(s) > max {
			s = "..." + s[len(s)-max:]
		}
		return s
	}
	n, max := strings.IndexAny(source, "\n\r"), size-len(` [string "..."] `)-1
	if n < 0 {
		n = len(source)
	}
	if n > max {
		n = max
	}
	if n < len(source) {
		return `[string "` + source[:n] + `..."]`
	}
	return `[string "` + source + `"]`
}

// syntaxChunkName is the name the parser gets for a chunk whose 5.1
// source is source, so that its errors show 5.1's chunk id: the parser
// takes "=name", "@file" and [string "..."] names as they are.
func syntaxChunkName(source string) string {
	if strings.HasPrefix(source, "=") || strings.HasPrefix(source, "@") {
		return source
	}
	return chunkID(source, luaMaxSrc)
}

// protoSource is a chunk's 5.1 source: gopher-lua names a chunk loaded
// from a file by its path (which is also what error positions show), so
// that path gets its '@'; loadstring names chunks by their short_src
// already, and "=" or "@" names are kept.
func protoSource(name string) string {
	if strings.HasPrefix(name, "=") || strings.HasPrefix(name, "@") || strings.HasPrefix(name, `[string "`) {
		return name
	}
	return "@" + name
}

// protoShortSrc is the short_src of a chunk named name.
func protoShortSrc(name string) string {
	if strings.HasPrefix(name, `[string "`) {
		return name
	}
	return chunkShortSrc(protoSource(name))
}

// funcInfo is a lua_Debug: what getinfo's S, l, u and n options report.
type funcInfo struct {
	source, shortSrc, what   string
	currentLine              int
	lineDefined, lastLineDef int
	nups                     int
	name, nameWhat           string
	fn                       *LFunction
	frame                    *callFrame // nil for a function value, a tail call or the host
	tailCall                 bool       // a "(tail call)" level: its frames are gone
}

// infoOfFunc describes fn itself, outside any stack level.
func infoOfFunc(fn *LFunction) *funcInfo {
	fi := &funcInfo{fn: fn, currentLine: -1, nups: len(fn.Upvalues)}
	if fn.IsG {
		fi.source, fi.shortSrc, fi.what = "=[C]", "[C]", "C"
		fi.lineDefined, fi.lastLineDef = -1, -1
		return fi
	}
	p := fn.Proto
	fi.source, fi.shortSrc = protoSource(p.SourceName), protoShortSrc(p.SourceName)
	if p.chunkName != "" {
		fi.source = p.chunkName
	}
	fi.lineDefined, fi.lastLineDef = p.LineDefined, p.LastLineDefined
	fi.what = "Lua"
	if p.LineDefined == 0 {
		fi.what, fi.lastLineDef = "main", 0
	}
	return fi
}

// infoOfFrame describes the running function of frame.
func infoOfFrame(frame *callFrame) *funcInfo {
	fi := infoOfFunc(frame.Fn)
	fi.frame = frame
	if !frame.Fn.IsG && frame.Pc > 0 && frame.Pc-1 < len(frame.Fn.Proto.DbgSourcePositions) {
		fi.currentLine = frame.Fn.Proto.DbgSourcePositions[frame.Pc-1]
	}
	if frame.Fn.IsG || frame.TailCall == 0 {
		fi.name, fi.nameWhat = callerFuncName(frame.Parent)
	}
	return fi
}

// tailCallInfo is the level Lua 5.1 shows for frames a tail call reused.
func tailCallInfo() *funcInfo {
	return &funcInfo{source: "=(tail call)", shortSrc: "(tail call)", what: "tail", currentLine: -1, lineDefined: -1, lastLineDef: -1, tailCall: true}
}

// stackLevels lists ls's stack levels from the running function down, as
// Lua 5.1 counts them: a "(tail call)" level after each function called
// by a tail call, and for the main thread the host's C level at the
// bottom (5.1's lua.c runs the script from a C function).
func (ls *LState) stackLevels() []*funcInfo {
	var levels []*funcInfo
	if ls.G.CurrentThread != ls && !ls.Dead && ls.currentFrame != nil && !ls.currentFrame.Fn.IsG {
		// a suspended coroutine: 5.1 still shows the yield it waits in
		yield := &funcInfo{source: "=[C]", shortSrc: "[C]", what: "C", currentLine: -1, lineDefined: -1, lastLineDef: -1}
		yield.name, yield.nameWhat = callerFuncName(ls.currentFrame)
		levels = append(levels, yield)
	}
	for frame := ls.currentFrame; frame != nil; frame = frame.Parent {
		levels = append(levels, infoOfFrame(frame))
		if !frame.Fn.IsG {
			for i := 0; i < frame.TailCall; i++ {
				levels = append(levels, tailCallInfo())
			}
		}
	}
	if ls.G.MainThread == nil || ls.G.MainThread == ls {
		levels = append(levels, &funcInfo{source: "=[C]", shortSrc: "[C]", what: "C", currentLine: -1, lineDefined: -1, lastLineDef: -1})
	}
	return levels
}

// callerFuncName is how the instruction that made caller's current call
// names the called function (5.1's getfuncname): "global", "local",
// "method", "field" or "upvalue" and the name, or "" when the caller is
// a Go function or the call did not come from a call instruction.
func callerFuncName(caller *callFrame) (name, nameWhat string) {
	if caller == nil || caller.Fn.IsG || caller.Pc < 1 {
		return "", ""
	}
	p := caller.Fn.Proto
	pc := caller.Pc - 1
	if pc >= len(p.Code) {
		return "", ""
	}
	inst := p.Code[pc]
	switch opGetOpCode(inst) {
	case OP_CALL, OP_TAILCALL, OP_TFORLOOP:
		name, nameWhat = regObjName(caller.Fn, pc, opGetArgA(inst), false)
		if nameWhat == "local" {
			// gopher-lua's local ranges are not always in register order,
			// but the compiler recorded the name the call was written with
			for _, call := range p.DbgCalls {
				if call.Pc == pc && call.Name != "?" && call.Name != "" {
					name = call.Name
				}
			}
		}
		return name, nameWhat
	}
	return "", ""
}

// regObjName is 5.1's getobjname: what register reg holds at pc, found
// from the local variable it is or the instruction that last loaded it.
// A called function sits in a fresh register, so for it (isLocal false)
// the loading instruction is looked for first: gopher-lua's local ranges
// can reach past a loop's end and would name the register after one.
func regObjName(fn *LFunction, pc, reg int, isLocal bool) (name, nameWhat string) {
	if isLocal {
		if name, ok := fn.LocalName(reg+1, pc); ok {
			return name, "local"
		}
	}
	p := fn.Proto
	constName := func(rk int) string {
		if opIsK(rk) {
			if s, ok := p.Constants[opIndexK(rk)].(LString); ok {
				return string(s)
			}
		}
		return "?"
	}
	for j := pc - 1; j >= 0; j-- {
		inst := p.Code[j]
		op, a := opGetOpCode(inst), opGetArgA(inst)
		switch op {
		case OP_JMP, OP_EQ, OP_LT, OP_LE, OP_TEST, OP_SETGLOBAL, OP_SETUPVAL, OP_SETTABLE, OP_SETTABLEKS, OP_SETLIST, OP_CLOSE, OP_RETURN, OP_NOP:
			continue // these write no register
		}
		if op == OP_SELF && a+1 == reg {
			return "", "" // the object of a method call
		}
		if a != reg {
			if op == OP_LOADNIL && a < reg && reg <= opGetArgB(inst) {
				return "", ""
			}
			continue
		}
		switch op {
		case OP_GETGLOBAL:
			return constName(opGetArgBx(inst) | opBitRk), "global"
		case OP_GETTABLE, OP_GETTABLEKS:
			return constName(opGetArgC(inst)), "field"
		case OP_GETUPVAL:
			if b := opGetArgB(inst); b < len(p.DbgUpvalues) {
				return p.DbgUpvalues[b], "upvalue"
			}
			return "?", "upvalue"
		case OP_SELF:
			return constName(opGetArgC(inst)), "method"
		case OP_MOVE:
			if b := opGetArgB(inst); b < a {
				return regObjName(fn, j, b, true)
			}
		}
		return "", ""
	}
	if name, ok := fn.LocalName(reg+1, pc); ok && !isLocal {
		return name, "local" // a parameter or local never written here
	}
	return "", ""
}

// tracebackLine is one line of a 5.1 traceback, without its tab.
func (fi *funcInfo) tracebackLine() string {
	var b strings.Builder
	b.WriteString(fi.shortSrc)
	b.WriteByte(':')
	if fi.currentLine > 0 {
		b.WriteString(itoa(fi.currentLine))
		b.WriteByte(':')
	}
	switch {
	case fi.nameWhat != "":
		b.WriteString(" in function '" + fi.name + "'")
	case fi.what == "main":
		b.WriteString(" in main chunk")
	case fi.what == "C" || fi.what == "tail":
		b.WriteString(" ?")
	default:
		b.WriteString(" in function <" + fi.shortSrc + ":" + itoa(fi.lineDefined) + ">")
	}
	return b.String()
}

func itoa(n int) string { return LNumber(n).String() }

// Lua 5.1 shows the first tracebackFirst levels and the last
// tracebackLast of a deep stack, with "..." between.
const (
	tracebackFirst = 12
	tracebackLast  = 10
)

// traceback is Lua 5.1's "stack traceback:" text from level on.
func (ls *LState) traceback(level int) string {
	levels := ls.stackLevels()
	if level < 0 {
		level = 0
	}
	var b strings.Builder
	b.WriteString("stack traceback:")
	first := intMax(level, tracebackFirst) // where a deep stack is cut
	for l := level; l < len(levels); l++ {
		if l == first && first+tracebackLast+1 < len(levels) {
			b.WriteString("\n\t...")
			l = len(levels) - tracebackLast - 1
			continue
		}
		b.WriteString("\n\t")
		b.WriteString(levels[l].tracebackLine())
	}
	return b.String()
}

// setChunkName records on p and its nested functions the name their
// chunk was loaded with.
func setChunkName(p *FunctionProto, name string) {
	p.chunkName = name
	for _, child := range p.FunctionPrototypes {
		setChunkName(child, name)
	}
}
