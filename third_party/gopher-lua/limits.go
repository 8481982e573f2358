package lua

import "fmt"

// SetMemoryLimit sets the size, in bytes, past which library functions
// that build a result from a size (string.rep, string.gsub, ...) refuse to
// allocate it, with a Lua error, instead of allocating first and leaving
// the host to notice the memory afterwards. 0 (the default) means no
// limit. The limit is shared by every thread (coroutine) of the state.
func (ls *LState) SetMemoryLimit(bytes uint64) {
	ls.G.memoryLimit = bytes
}

// MemoryLimit returns the limit SetMemoryLimit set, or 0.
func (ls *LState) MemoryLimit() uint64 {
	return ls.G.memoryLimit
}

// checkAlloc raises a memory error when fn is about to build a result of
// size bytes that the memory limit does not allow.
func (ls *LState) checkAlloc(size int, fn string) {
	limit := ls.G.memoryLimit
	if limit == 0 || size < 0 || uint64(size) <= limit {
		return
	}
	ls.RaiseError("not enough memory: %s would build %s, over the memory limit of %s", fn, byteSize(uint64(size)), byteSize(limit))
}

// byteSize writes n in the largest binary unit that keeps it readable.
func byteSize(n uint64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
