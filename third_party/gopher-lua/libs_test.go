package lua

import (
	"context"
	"strings"
	"testing"
	"time"
)

// bigState is a state whose stack may grow to hold 100,000 values.
func bigState() *LState {
	return NewState(Options{RegistrySize: 1024, RegistryMaxSize: 1 << 22})
}

// Unpack and select take 100,000 values once the stack can hold them:
// neither sets a limit of its own below that.
func TestUnpackSelectHundredThousand(t *testing.T) {
	L := bigState()
	defer L.Close()
	err := L.DoString(`
		local t = {}
		for i = 1, 100000 do t[i] = i end
		local n = select("#", unpack(t))
		assert(n == 100000, n)
		assert(select(-1, unpack(t)) == 100000)
		assert(select(99999, unpack(t)) == 99999)
		assert(#table.concat(t, ",") == 588894)
	`)
	if err != nil {
		t.Fatal(err)
	}
}

// A library loop over a huge table stops soon after the state's context
// is done, instead of running to its end.
func TestLibraryLoopsStopOnCancel(t *testing.T) {
	for name, script := range map[string]string{
		"sort":   `table.sort(t, function(a, b) return a > b end)`,
		"concat": `for i = 1, 100 do table.concat(t, ",") end`,
		"unpack": `for i = 1, 1000 do local n = select("#", unpack(t)) end`,
	} {
		t.Run(name, func(t *testing.T) {
			L := bigState()
			defer L.Close()
			tb := L.CreateTable(1000000, 0)
			for i := 1; i <= 1000000; i++ {
				tb.RawSetInt(i, LNumber(i))
			}
			L.SetGlobal("t", tb)
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			L.SetContext(ctx)
			start := time.Now()
			err := L.DoString(script)
			took := time.Since(start)
			if err == nil || !strings.Contains(err.Error(), "context deadline exceeded") {
				t.Fatalf("err = %v, want the context's error", err)
			}
			if took > 500*time.Millisecond {
				t.Errorf("stopped after %s, want within about 100ms of the deadline", took)
			}
		})
	}
}

// print writes what the global tostring returns.
func TestPrintLineUsesGlobalTostring(t *testing.T) {
	L := NewState()
	defer L.Close()
	var got string
	L.SetGlobal("capture", L.NewFunction(func(L *LState) int {
		line, msg := PrintLine(L)
		got = line + msg
		return 0
	}))
	if err := L.DoString(`tostring = function(v) return "<" .. type(v) .. ">" end; capture(1, nil, "x")`); err != nil {
		t.Fatal(err)
	}
	if got != "<number>\t<nil>\t<string>\n" {
		t.Errorf("got %q", got)
	}
}

// The traceback of an uncaught error is Lua 5.1's: [C] for Go functions,
// names from the calling instruction, the host's level at the bottom.
func TestUncaughtTracebackFormat(t *testing.T) {
	L := NewState()
	defer L.Close()
	err := L.DoString("local function inner() error('x') end\nlocal function outer() inner() end\nouter()")
	ae, ok := err.(*ApiError)
	if !ok {
		t.Fatalf("err = %v", err)
	}
	want := "stack traceback:\n\t[C]: in function 'error'\n\t<string>:1: in function 'inner'\n" +
		"\t<string>:2: in function 'outer'\n" +
		"\t<string>:3: in main chunk\n\t[C]: ?"
	if ae.StackTrace != want {
		t.Errorf("traceback:\n%s\nwant:\n%s", ae.StackTrace, want)
	}
}

// os.clock counts CPU time, so waiting does not advance it.
func TestOsClockIsCPUTime(t *testing.T) {
	L := NewState()
	defer L.Close()
	L.SetGlobal("wait", L.NewFunction(func(L *LState) int {
		time.Sleep(300 * time.Millisecond)
		return 0
	}))
	if err := L.DoString(`local t = os.clock(); wait(); assert(os.clock() - t < 0.2, "os.clock advanced while waiting")`); err != nil {
		t.Fatal(err)
	}
}
