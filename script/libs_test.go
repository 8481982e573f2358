package script_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/zcrmrun/zcrmrun/script"
)

// os.exit follows Lua 5.2's reading of booleans (which 5.1.5 refuses, so
// the differential suite cannot hold these): true is success, false is
// failure; numbers are masked to 8 bits and other values refused.
func TestOsExitCodes(t *testing.T) {
	for _, c := range []struct {
		arg  string
		code int // -1: a runtime error
	}{
		{"true", 0}, {"false", 1}, {"", 0}, {"nil", 0}, {"0", 0}, {"3", 3},
		{"256 + 7", 7}, {"-1", 255}, {"2^40", 0}, {"2^40 + 9", 9}, {"3.9", 3},
		{`"12"`, 12}, {`" 0x10 "`, 16}, {`"0"`, 0},
		{`"abc"`, -1}, {"{}", -1}, {"print", -1},
	} {
		_, _, err := run(t, "os.exit("+c.arg+")\nprint('after')", script.Env{})
		var exit *script.ExitError
		var rt *script.RuntimeError
		switch {
		case c.code == -1:
			if !errors.As(err, &rt) || !strings.Contains(rt.Value, "bad argument #1 to 'exit' (number expected, got ") {
				t.Errorf("os.exit(%s): err = %v, want a bad argument error", c.arg, err)
			}
		case c.code == 0:
			if err != nil {
				t.Errorf("os.exit(%s): err = %v, want success", c.arg, err)
			}
		case !errors.As(err, &exit) || exit.Code != c.code:
			t.Errorf("os.exit(%s): err = %v, want exit %d", c.arg, err, c.code)
		}
	}
}

// zcrmrun's print, like Lua's, goes through the global tostring.
func TestPrintUsesGlobalTostring(t *testing.T) {
	out, _, err := run(t, `tostring = function(v) return "[" .. type(v) .. "]" end
print(1, nil, "x")
tostring = function() return nil end
print("a", "b")`, script.Env{})
	if want := "[number]\t[nil]\t[string]\n"; out != want {
		t.Errorf("stdout %q, want %q", out, want)
	}
	var rt *script.RuntimeError
	if !errors.As(err, &rt) || !strings.HasSuffix(rt.Value, "main.lua:4: 'tostring' must return a string to 'print'") {
		t.Errorf("err = %v", err)
	}
}

// An uncaught error's traceback is in Lua 5.1's format.
func TestTracebackInLua51Format(t *testing.T) {
	_, _, err := run(t, "local function f() error('x') end\nf()", script.Env{})
	var rt *script.RuntimeError
	if !errors.As(err, &rt) {
		t.Fatalf("err = %v", err)
	}
	lines := strings.Split(rt.Traceback, "\n")
	if len(lines) != 5 || lines[0] != "stack traceback:" || lines[1] != "\t[C]: in function 'error'" ||
		!strings.HasSuffix(lines[2], "main.lua:1: in function 'f'") || !strings.HasSuffix(lines[3], "main.lua:2: in main chunk") || lines[4] != "\t[C]: ?" {
		t.Errorf("traceback:\n%s", rt.Traceback)
	}
}
