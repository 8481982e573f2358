// Package lua51 holds the proof that the Lua zcrmrun runs is Lua 5.1: a
// differential suite of small programs whose expected output comes from
// the reference interpreter (Debian's lua5.1), the official Lua 5.1 test
// files that gopher-lua carries, and a check that the engine's generated
// sources are not stale. It has no code of its own; its tests run the
// zcrmrun binary exactly as a user does.
package lua51
