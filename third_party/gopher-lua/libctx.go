package lua

import "context"

// libCheckEvery is how many elements a library loop handles between two
// looks at the state's context: often enough to stop within a few
// milliseconds, rarely enough to cost nothing measurable.
const libCheckEvery = 1024

// libCheckContext raises the context's error when L's context is done, as
// the VM does between two instructions, so a library function working on a
// huge input (table.concat, table.sort, unpack, ...) stops with its host's
// timeout or cancellation instead of running to the end.
func libCheckContext(L *LState) {
	if L.ctx == nil {
		return
	}
	select {
	case <-L.ctx.Done():
		L.raiseContextError()
	default:
	}
}

// raiseContextError raises the reason L's context ended: its cause when
// the host gave one ("timed out after 3s"), else Go's words for it.
func (L *LState) raiseContextError() {
	L.RaiseError("%s", context.Cause(L.ctx).Error())
}
