package lua

// zcrmrun: tests of the auto-growing call stack (Options.MinimizeStackMemory)
// that zcrmrun runs every script on.

import (
	"strings"
	"testing"
)

// TestAutoGrowingStackUnwindToFullSegment: unwinding to the end of a
// full segment whose successor was never allocated keeps its frames.
func TestAutoGrowingStackUnwindToFullSegment(t *testing.T) {
	cs := newAutoGrowingCallFrameStack(64)
	for i := 0; i < FramesPerSegment; i++ {
		cs.Push(callFrame{NArgs: i})
	}
	cs.SetSp(FramesPerSegment)
	if got := cs.Sp(); got != FramesPerSegment {
		t.Fatalf("Sp() = %d after SetSp(%d)", got, FramesPerSegment)
	}
	if last := cs.Last(); last == nil || last.NArgs != FramesPerSegment-1 {
		t.Fatalf("Last() = %+v, want the frame pushed last", last)
	}
	cs.Push(callFrame{NArgs: 100})
	if got := cs.Sp(); got != FramesPerSegment+1 {
		t.Fatalf("Sp() = %d after one more push", got)
	}
}

// TestAutoGrowingStackFull: a stack of n frames is full after n pushes,
// so the VM raises "stack overflow" instead of Push panicking.
func TestAutoGrowingStackFull(t *testing.T) {
	const n = 4 * FramesPerSegment
	cs := newAutoGrowingCallFrameStack(n)
	for i := 0; i < n; i++ {
		if cs.IsFull() {
			t.Fatalf("full after %d of %d pushes", i, n)
		}
		cs.Push(callFrame{})
	}
	if !cs.IsFull() {
		t.Fatalf("not full after %d pushes", n)
	}
	L := NewState(Options{CallStackSize: 200, MinimizeStackMemory: true})
	defer L.Close()
	err := L.DoString(`local function f() return 1 + f() end f()`)
	if err == nil || !strings.Contains(err.Error(), "stack overflow") {
		t.Fatalf("got %v, want a stack overflow error", err)
	}
}
