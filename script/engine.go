package script

import lua "github.com/yuin/gopher-lua"

// Lua 5.1's stack limits, which scripts may rely on, in place of
// gopher-lua's defaults (256 nested calls, a fixed data stack of 5,120
// slots, "registry overflow" past it).
const (
	// maxLuaCalls is LUAI_MAXCALLS, the nested Lua calls a script may make.
	maxLuaCalls = 20000
	// firstStackSlots is the data stack a state starts with; it doubles
	// as needed (coroutines start small too).
	firstStackSlots = 1024
	// maxStackSlots bounds the data stack at 1 GiB of values, so a runaway
	// recursion or unpack ends with an error; [script] max_memory usually
	// stops it before.
	maxStackSlots = 1 << 26
)

// NewLuaState returns a Lua state with the standard libraries and Lua
// 5.1's stack limits. Every state zcrmrun runs scripts or token modules
// in comes from here.
func NewLuaState() *lua.LState {
	return lua.NewState(lua.Options{
		CallStackSize:       maxLuaCalls,
		MinimizeStackMemory: true, // frames are allocated as calls nest
		RegistrySize:        firstStackSlots,
		RegistryMaxSize:     maxStackSlots,
		RegistryGrowStep:    firstStackSlots,
	})
}
