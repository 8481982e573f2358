package script_test

import (
	"context"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/script"
)

// TestDescribeNeverRaises: the host's tostring of a value gives __tostring's
// text when it works and a plain description when it raises, loops or
// returns something else, leaving the state usable.
func TestDescribeNeverRaises(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	cases := []struct {
		tostring string // body of __tostring
		want     string // a part of the description
	}{
		{`return "custom text"`, "custom text"},
		{`return 42`, "42"},
		{`error("inner")`, "(error object is a table value; its __tostring raised: "},
		{`error(setmetatable({}, getmetatable(self)))`, "raised: a table value)"},
		{`return {}`, "(error object is a table value; its __tostring returned a table, not a string)"},
		{`while true do end`, "did not finish: "},
	}
	for _, tc := range cases {
		if err := L.DoString(`v = setmetatable({}, {__tostring = function(self) ` + tc.tostring + ` end})`); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
		start := time.Now()
		got := script.Describe(ctx, L, L.GetGlobal("v"), "error object")
		cancel()
		if !strings.Contains(got, tc.want) {
			t.Errorf("__tostring %s: got %q, want it to contain %q", tc.tostring, got, tc.want)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("__tostring %s: took %s", tc.tostring, d)
		}
	}
	if L.GetTop() != 0 {
		t.Errorf("the stack holds %d values after Describe", L.GetTop())
	}
	if err := L.DoString(`x = 1 + 1`); err != nil || L.GetGlobal("x").String() != "2" {
		t.Errorf("the state is not usable after Describe: %v", err)
	}

	// A run that has ended gives __tostring a short grace: enough for an
	// ordinary one, and a looping one is cut off about 100 ms later.
	done, cancel := context.WithCancel(t.Context())
	cancel()
	L.DoString(`ok = setmetatable({}, {__tostring = function() return "fine" end})`)
	if got := script.Describe(done, L, L.GetGlobal("ok"), "error object"); got != "fine" {
		t.Errorf("after the run ended: got %q, want fine", got)
	}
	start := time.Now()
	if got := script.Describe(done, L, L.GetGlobal("v"), "error object"); !strings.Contains(got, "did not finish") {
		t.Errorf("after the run ended, a looping __tostring: got %q", got)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("after the run ended, a looping __tostring ran %s", d)
	}
}
