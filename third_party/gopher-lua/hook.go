package lua

// This file is Lua 5.1's debug hooks (ldo.c luaD_callhook, lvm.c traceexec,
// ldblib.c hookf): a thread's hook function is called with the event's
// name ("call", "return", "tail return", "line", "count") and, for "line",
// the line. The VM pays for hooks only with one test of hookMask per
// instruction and one per return or Go call; everything else happens
// here, once a hook is set.

// The events of a hook mask, as 5.1's LUA_MASK* bits.
const (
	hookCall uint8 = 1 << iota
	hookRet
	hookLine
	hookCount
)

// hookState is what debug.sethook set on a thread.
type hookState struct {
	fn      LValue // the hook; nil in a coroutine that inherited only the mask, as in 5.1
	count   int    // the count of a count hook (basehookcount)
	counter int    // instructions left until the next count event
}

// setHook installs fn for the events of mask (and a count event every
// count instructions when count > 0), as lua_sethook. Every frame of the
// thread counts as traced at its current instruction, as 5.1's savedpc
// is, so a line hook set mid-line fires from the next line on.
func (ls *LState) setHook(fn LValue, mask uint8, count int) {
	if fn == LNil || mask == 0 {
		mask = 0
	}
	ls.hook = &hookState{fn: fn, count: count, counter: count}
	ls.hookMask = mask
	for i := 0; i < ls.stack.Sp(); i++ {
		f := ls.stack.At(i)
		f.hookPc = f.Pc
	}
}

// inheritHook gives a new thread the hook mask and count of ls but not
// its function, as lua_newthread does (5.1 keeps the function per thread).
func (ls *LState) inheritHook(th *LState) {
	if ls.hook != nil {
		th.hook = &hookState{fn: LNil, count: ls.hook.count, counter: ls.hook.count}
		th.hookMask = ls.hookMask
	}
}

// traceExec runs before the instruction at cf.Pc-1 while a hook is set:
// the call event of a Lua function entering its first instruction, then
// count and line events as 5.1's traceexec (a line event on entering a
// function, on a jump back and on a new line).
func (ls *LState) traceExec(cf *callFrame) {
	mask := ls.hookMask
	old := cf.hookPc
	if old == 0 && mask&hookCall != 0 {
		// 5.1 runs the call hook before the first instruction is traced
		// (with it current), so a hook the call hook sets sees it.
		ls.callHook("call", -1)
		mask = ls.hookMask
	}
	cf.hookPc = cf.Pc
	if mask&hookCount != 0 {
		h := ls.hook
		if h.counter--; h.counter <= 0 {
			h.counter = h.count
			ls.callHook("count", -1)
		}
	}
	if mask&hookLine != 0 {
		lines := cf.Fn.Proto.DbgSourcePositions
		npc := cf.Pc - 1
		if npc == 0 || old == 0 || cf.Pc <= old || lines[npc] != lines[old-1] {
			ls.callHook("line", lines[npc])
		}
	}
}

// goCallHook is the call event of the Go function of the current frame.
func (ls *LState) goCallHook() {
	if ls.hookMask&hookCall != 0 {
		ls.callHook("call", -1)
	}
}

// returnHook is the return event of frame, the current frame, followed
// by a "tail return" for each call it lost to tail calls (callrethooks).
func (ls *LState) returnHook(frame *callFrame) {
	ls.callHook("return", -1)
	if !frame.Fn.IsG {
		for i := 0; i < frame.TailCall && ls.hookMask&hookRet != 0; i++ {
			ls.callHook("tail return", -1)
		}
	}
}

// goReturnHook is the return event of the Go function in frame, the
// current frame. When it was tail called, the Lua function that called it
// returns with it, as it would in 5.1 (which runs the RETURN after a
// TAILCALL of a C function).
func (ls *LState) goReturnHook(frame *callFrame, tailcall bool) {
	ls.returnHook(frame)
	if tailcall && ls.hookMask&hookRet != 0 && frame.Parent != nil {
		ls.currentFrame = frame.Parent
		ls.returnHook(frame.Parent)
		ls.currentFrame = frame
	}
}

// callHook calls the hook with the event and line (nil when line < 0)
// above the current frame, so that debug.getinfo(2) inside the hook is the
// hooked function, unless a hook is running already (5.1's allowhook).
func (ls *LState) callHook(event string, line int) {
	h := ls.hook
	if ls.inHook || h == nil || h.fn == LNil {
		return
	}
	ls.inHook = true
	cf := ls.currentFrame
	pc := cf.Pc
	if pc == 0 && !cf.Fn.IsG {
		cf.Pc = 1
	}
	top := ls.reg.Top()
	ls.Push(h.fn)
	ls.Push(LString(event))
	if line >= 0 {
		ls.Push(LNumber(line))
	} else {
		ls.Push(LNil)
	}
	ls.callR(2, 0, -1)
	ls.reg.SetTop(top)
	cf.Pc = pc
	ls.inHook = false
}
