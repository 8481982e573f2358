package script_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/zcrmrun/zcrmrun/script"
)

// The host stays in charge of long string work (issue 11, point 4): each
// case below would run for minutes (or take gigabytes) in a plain Lua and
// must end with a clear error well within a generous bound.

// runBounded runs src with env and fails the test when it does not finish
// within bound; it returns the error and how long the run took.
func runBounded(t *testing.T, src string, env script.Env, bound time.Duration) (error, time.Duration) {
	t.Helper()
	type result struct {
		err error
		d   time.Duration
	}
	done := make(chan result, 1)
	go func() {
		start := time.Now()
		_, _, err := run(t, src, env)
		done <- result{err, time.Since(start)}
	}()
	select {
	case r := <-done:
		return r.err, r.d
	case <-time.After(bound):
		t.Fatalf("%q still running after %s", src, bound)
		return nil, 0
	}
}

// TestTimeoutStopsLongStringFunctions: a gsub building a gigabyte, a
// pattern that backtracks at every position, and a large string.rep each stop at the
// run's timeout (not after the library call returns) with the timeout named.
func TestTimeoutStopsLongStringFunctions(t *testing.T) {
	for name, src := range map[string]string{
		// A gigabyte if it ran to the end, several seconds.
		"gsub": `local s = string.rep("a", 1e6):gsub("a", string.rep("b", 1000)) print(#s)`,
		// About 2^16 steps at each of 100,000 positions: within the step
		// budget of one position, so only the timeout stops it.
		"find": `local s = ("a"):rep(1e5) print(s:find(("a?"):rep(16) .. ("a"):rep(16) .. "b"))`,
		// A long lazy walk, then endless matching that stays within the
		// budget at each position (30 optional items would pass it, and
		// the budget's error would race the timeout).
		"gmatch": `local n = 0 for w in (("ab"):rep(5e6)):gmatch("(a-)b") do n = n + 1 end
			while true do for w in (("a"):rep(1e4)):gmatch(("a?"):rep(16) .. ("a"):rep(16) .. "b") do end end`,
		"rep": `local parts = {} while true do parts[#parts + 1] = ("x"):rep(1e8) end`,
	} {
		t.Run(name, func(t *testing.T) {
			err, took := runBounded(t, src, script.Env{Timeout: time.Second, MaxMemory: 4 << 30}, 20*time.Second)
			var te *script.TimeoutError
			if !errors.As(err, &te) {
				t.Fatalf("got %T %v, want a timeout", err, err)
			}
			if took > 10*time.Second {
				t.Errorf("stopped after %s, long after the 1s timeout", took)
			}
		})
	}
}

// TestPatternStepBudget: exponential backtracking ends with a clear error
// on its own, without a timeout.
func TestPatternStepBudget(t *testing.T) {
	src := `local s = ("a"):rep(30000) print(s:find(("a?"):rep(30000) .. ("a"):rep(30000)))`
	err, _ := runBounded(t, src, script.Env{}, 60*time.Second)
	var rt *script.RuntimeError
	if !errors.As(err, &rt) || !strings.Contains(rt.Value, "main.lua:1:") || !strings.Contains(rt.Value, "pattern too complex") {
		t.Fatalf("got %T %v, want main.lua:1: pattern too complex", err, err)
	}
}

// TestRepRefusesPastMaxMemory: string.rep checks the size of its result
// against max_memory before allocating it, and the message says so; a
// result within the limit is built.
func TestRepRefusesPastMaxMemory(t *testing.T) {
	env := script.Env{MaxMemory: 1 << 30}
	for _, src := range []string{`return string.rep("x", 2^31)`, `return ("abc"):rep(2^40)`, `return ("x"):rep(2^62):len()`} {
		err, _ := runBounded(t, src, env, 20*time.Second)
		var rt *script.RuntimeError
		if !errors.As(err, &rt) || !strings.Contains(rt.Value, "not enough memory") || !strings.Contains(rt.Value, "memory limit of 1.0 GiB") {
			t.Fatalf("%s: got %T %v, want a memory error naming the limit", src, err, err)
		}
	}
	if out, _, err := run(t, `print(#string.rep("ab", 1e6))`, env); err != nil || out != "2000000\n" {
		t.Fatalf("a rep within the limit: %q, %v", out, err)
	}
}
