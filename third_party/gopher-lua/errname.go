package lua

import "fmt"

// Naming the values in runtime error messages the way Lua 5.1 does.
//
// Lua 5.1 says "attempt to index field 'Owner' (a nil value)" rather than
// "attempt to index a nil value" when it can tell from the bytecode where the
// offending value came from (ldebug.c's getobjname): a local variable active
// in that register, or the instruction that last wrote the register (a global
// or upvalue read, a table read with a constant key, a method lookup). The
// same lookup names the function in "bad argument #1 to 'rep'", from the
// instruction that called it. gopher-lua's instruction set is 5.1's plus
// GETTABLEKS, SETTABLEKS, MOVEN and NOP, so the lookup carries over.

// localNameAt returns the name of the local variable held in register reg
// (0-based) while instruction pc runs, or "" when the register holds none.
// Active locals occupy the registers in declaration order, as in 5.1's
// luaF_getlocalname.
func (fp *FunctionProto) localNameAt(reg, pc int) string {
	n := reg
	for _, lv := range fp.DbgLocals {
		if lv.StartPc > pc {
			break
		}
		if pc < lv.EndPc {
			if n == 0 {
				return lv.Name
			}
			n--
		}
	}
	return ""
}

// lastSetter returns the index of the last instruction before lastpc that
// writes register reg, following forward jumps that stay before lastpc as
// 5.1's symbexec does, or -1 when no instruction does.
func (fp *FunctionProto) lastSetter(lastpc, reg int) int {
	last := -1
	code := fp.Code
	for pc := 0; pc < lastpc && pc < len(code); pc++ {
		inst := code[pc]
		op := opGetOpCode(inst)
		a := opGetArgA(inst)
		switch op {
		case OP_LOADNIL:
			if a <= reg && reg <= opGetArgB(inst) {
				last = pc
			}
		case OP_CALL, OP_TAILCALL:
			if reg >= a { // a call may write every register above its base
				last = pc
			}
		case OP_TFORLOOP:
			if reg >= a+2 {
				last = pc
			}
		case OP_SELF:
			if reg == a || reg == a+1 {
				last = pc
			}
		case OP_JMP, OP_FORLOOP, OP_FORPREP:
			if op != OP_JMP && reg == a {
				last = pc
			}
			if dest := pc + 1 + opGetArgSbx(inst); pc < dest && dest <= lastpc {
				pc = dest - 1
			}
		case OP_CLOSURE:
			if reg == a {
				last = pc
			}
			// the MOVE/GETUPVAL pseudo-instructions that follow only bind upvalues
			if bx := opGetArgBx(inst); bx < len(fp.FunctionPrototypes) {
				pc += int(fp.FunctionPrototypes[bx].NumUpvalues)
			}
		case OP_SETLIST:
			if opGetArgC(inst) == 0 { // the next word is the block number
				pc++
			}
		default:
			if op <= opCodeMax && opProps[op].SetRegA && reg == a {
				last = pc
			}
		}
	}
	return last
}

// constName is the name 5.1 gives a table key in messages: the constant
// string, or "?" for any other key.
func (fp *FunctionProto) constName(rk int) string {
	if opIsK(rk) {
		if idx := opIndexK(rk); idx < len(fp.Constants) {
			if s, ok := fp.Constants[idx].(LString); ok {
				return string(s)
			}
		}
	}
	return "?"
}

// stringKeyName names the key of a GETTABLEKS or SELF instruction at pc,
// whose key is always a constant string: gopher-lua's compiler sometimes
// loads it into a register first (LOADK) where 5.1 would use the constant.
func (fp *FunctionProto) stringKeyName(pc, rk int) string {
	if opIsK(rk) {
		return fp.constName(rk)
	}
	if setter := fp.lastSetter(pc, rk); setter >= 0 {
		if inst := fp.Code[setter]; opGetOpCode(inst) == OP_LOADK {
			if bx := opGetArgBx(inst); bx < len(fp.Constants) {
				if s, ok := fp.Constants[bx].(LString); ok {
					return string(s)
				}
			}
		}
	}
	return "?"
}

// objName describes register reg of a Lua function while instruction pc
// runs: what kind of name it has ("local", "global", "field", "upvalue",
// "method") and the name, or "", "" when 5.1 would not know one.
func (fp *FunctionProto) objName(pc, reg int) (kind, name string) {
	return fp.objNameDepth(pc, reg, 0)
}

func (fp *FunctionProto) objNameDepth(pc, reg, depth int) (string, string) {
	if name := fp.localNameAt(reg, pc); name != "" {
		return "local", name
	}
	setter := fp.lastSetter(pc, reg)
	if setter < 0 {
		return "", ""
	}
	inst := fp.Code[setter]
	switch opGetOpCode(inst) {
	case OP_GETGLOBAL:
		if bx := opGetArgBx(inst); bx < len(fp.Constants) {
			if s, ok := fp.Constants[bx].(LString); ok {
				return "global", string(s)
			}
		}
	case OP_MOVE, OP_MOVEN:
		if b := opGetArgB(inst); b < opGetArgA(inst) && depth < 200 {
			return fp.objNameDepth(pc, b, depth+1)
		}
	case OP_GETTABLE:
		return "field", fp.constName(opGetArgC(inst))
	case OP_GETTABLEKS:
		return "field", fp.stringKeyName(setter, opGetArgC(inst))
	case OP_GETUPVAL:
		if b := opGetArgB(inst); b < len(fp.DbgUpvalues) {
			return "upvalue", fp.DbgUpvalues[b]
		}
		return "upvalue", "?"
	case OP_SELF:
		return "method", fp.stringKeyName(setter, opGetArgC(inst))
	}
	return "", ""
}

// currentInst returns the instruction the current frame is running when
// that frame is a Lua function.
func (ls *LState) currentInst() (*callFrame, uint32, bool) {
	cf := ls.currentFrame
	if cf == nil || cf.Fn == nil || cf.Fn.IsG || cf.Fn.Proto == nil || cf.Pc < 1 || cf.Pc > len(cf.Fn.Proto.Code) {
		return nil, 0, false
	}
	return cf, cf.Fn.Proto.Code[cf.Pc-1], true
}

// typeErrorMsg builds 5.1's luaG_typeerror message for value v, on which
// op ("index", "call", ...) failed; reg is the register of the current Lua
// instruction that held v, or -1 when v was no register (a constant, a
// value reached through a metatable, a call from Go).
func (ls *LState) typeErrorMsg(v LValue, op string, reg int) string {
	if reg >= 0 {
		if cf, _, ok := ls.currentInst(); ok {
			if kind, name := cf.Fn.Proto.objName(cf.Pc-1, reg); kind != "" {
				return fmt.Sprintf("attempt to %s %s '%s' (a %s value)", op, kind, name, v.Type().String())
			}
		}
	}
	return fmt.Sprintf("attempt to %s a %s value", op, v.Type().String())
}

// operandReg returns the register of the current instruction's operand
// rk (a B or C argument), or -1 when it is a constant or there is no Lua
// instruction.
func operandReg(rk int) int {
	if opIsK(rk) {
		return -1
	}
	return rk
}

// indexError raises "attempt to index ..." for obj. direct tells whether
// obj is the value the current instruction indexes (rather than one reached
// through __index or __newindex, which 5.1 does not name).
func (ls *LState) indexError(obj LValue, direct bool) {
	reg := -1
	if _, inst, ok := ls.currentInst(); ok && direct {
		switch opGetOpCode(inst) {
		case OP_GETTABLE, OP_GETTABLEKS, OP_SELF:
			reg = opGetArgB(inst)
		case OP_SETTABLE, OP_SETTABLEKS:
			reg = opGetArgA(inst)
		}
	}
	ls.RaiseError("%s", ls.typeErrorMsg(obj, "index", reg))
}

// callError raises "attempt to call ..." for fn, a value that is neither a
// function nor has __call.
func (ls *LState) callError(fn LValue) {
	reg := -1
	if _, inst, ok := ls.currentInst(); ok {
		switch opGetOpCode(inst) {
		case OP_CALL, OP_TAILCALL:
			reg = opGetArgA(inst)
		case OP_TFORLOOP: // the iterator is called from a copy above the loop's registers
			reg = opGetArgA(inst) + 3
		}
	}
	ls.RaiseError("%s", ls.typeErrorMsg(fn, "call", reg))
}

// arithError raises "attempt to perform arithmetic on ..." for the operand
// of lhs and rhs that is no number (lhs when both are not), as 5.1's
// luaG_aritherror does.
func (ls *LState) arithError(lhs, rhs LValue) {
	bad, left := rhs, false
	if _, ok := lhs.(LNumber); !ok {
		bad, left = lhs, true
	}
	reg := -1
	if _, inst, ok := ls.currentInst(); ok {
		switch op := opGetOpCode(inst); {
		case op >= OP_ADD && op <= OP_POW:
			if left {
				reg = operandReg(opGetArgB(inst))
			} else {
				reg = operandReg(opGetArgC(inst))
			}
		case op == OP_UNM:
			reg = operandReg(opGetArgB(inst))
		}
	}
	ls.RaiseError("%s", ls.typeErrorMsg(bad, "perform arithmetic on", reg))
}

// concatError raises "attempt to concatenate ..." for lhs .. rhs, naming
// the operand that is neither string nor number. lhsAt is lhs's absolute
// register (rhs's is the next one), as CONCAT lays out its operands.
func (ls *LState) concatError(lhs, rhs LValue, lhsAt int) {
	bad, at := lhs, lhsAt
	if LVCanConvToString(lhs) {
		bad, at = rhs, lhsAt+1
	}
	reg := -1
	if cf, inst, ok := ls.currentInst(); ok && opGetOpCode(inst) == OP_CONCAT {
		reg = at - cf.LocalBase
	}
	ls.RaiseError("%s", ls.typeErrorMsg(bad, "concatenate", reg))
}

// lenError raises "attempt to get length of ..." for v, the operand of the
// current LEN instruction.
func (ls *LState) lenError(v LValue) {
	reg := -1
	if _, inst, ok := ls.currentInst(); ok && opGetOpCode(inst) == OP_LEN {
		reg = opGetArgB(inst)
	}
	ls.RaiseError("%s", ls.typeErrorMsg(v, "get length of", reg))
}

// compareError raises 5.1's luaG_ordererror message for lhs < rhs or
// lhs <= rhs.
func (ls *LState) compareError(lhs, rhs LValue) {
	t1, t2 := lhs.Type().String(), rhs.Type().String()
	if t1 == t2 {
		ls.RaiseError("attempt to compare two %s values", t1)
	}
	ls.RaiseError("attempt to compare %s with %s", t1, t2)
}

// runError raises msg as Lua 5.1's luaG_runerror does: with the position
// of the running function when it is a Lua function, with none when a Go
// function (rawset, say) is running.
func (ls *LState) runError(msg string) {
	ls.raiseError(1, "%s", msg)
}
