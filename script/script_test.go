package script_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/luabind"
	"github.com/zcrmrun/zcrmrun/script"
)

func write(t *testing.T, dir, name, src string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// run runs src as a script file and returns its stdout, stderr and error.
func run(t *testing.T, src string, env script.Env, args ...string) (string, string, error) {
	t.Helper()
	var out, errw bytes.Buffer
	env.Stdout, env.Stderr = &out, &errw
	p := write(t, t.TempDir(), "main.lua", src)
	err := script.Run(t.Context(), p, args, env)
	return out.String(), errw.String(), err
}

func TestArgAndVarargs(t *testing.T) {
	out, _, err := run(t, `print(arg[0]:match("main.lua$"), arg[1], arg[2], #arg, select("#", ...), ...)`, script.Env{}, "a", "b")
	if err != nil {
		t.Fatal(err)
	}
	if out != "main.lua\ta\tb\t2\t2\ta\tb\n" {
		t.Fatalf("got %q", out)
	}
}

func TestRequireFromScriptFolderAndConfiguredPaths(t *testing.T) {
	dir, lib := t.TempDir(), t.TempDir()
	write(t, dir, "helper.lua", `return {name = "helper"}`)
	write(t, lib, "shared/util.lua", `return {name = "util"}`)
	main := write(t, dir, "main.lua", `print(require("helper").name, require("shared.util").name)`)
	var out bytes.Buffer
	var loaded []string
	env := script.Env{Stdout: &out, Paths: []string{lib}, OnRequire: func(p string) { loaded = append(loaded, p) }}
	// Run from another working directory: require must not depend on it.
	t.Chdir(t.TempDir())
	if err := script.Run(t.Context(), main, nil, env); err != nil {
		t.Fatal(err)
	}
	if out.String() != "helper\tutil\n" {
		t.Fatalf("got %q", out.String())
	}
	want := []string{filepath.Join(dir, "helper.lua"), filepath.Join(lib, "shared", "util.lua")}
	if strings.Join(loaded, ",") != strings.Join(want, ",") {
		t.Fatalf("OnRequire got %v, want %v", loaded, want)
	}
}

func TestModuleSyntaxErrorNamesModuleFile(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "bad.lua", "local x = \nreturn {")
	main := write(t, dir, "main.lua", `require("bad")`)
	err := script.Run(t.Context(), main, nil, script.Env{Stderr: &bytes.Buffer{}})
	var rt *script.RuntimeError
	if !errors.As(err, &rt) || !strings.Contains(rt.Value, "bad.lua") {
		t.Fatalf("got %v", err)
	}
}

func TestLogLevels(t *testing.T) {
	src := "log.debug('d')\nlog.info('i', 1)\nlog.warn('w')\nlog.error('e')\n"
	_, stderr, err := run(t, src, script.Env{})
	if err != nil {
		t.Fatal(err)
	}
	want := "INFO  main.lua:2: i\t1\nWARN  main.lua:3: w\nERROR main.lua:4: e\n"
	if got := stripDirs(stderr); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	// Called by a Go function (pcall), a line has no position to name.
	_, stderr, _ = run(t, "pcall(log.warn, 'from pcall')", script.Env{})
	if stderr != "WARN  from pcall\n" {
		t.Fatalf("log called from Go: got %q", stderr)
	}
	_, stderr, _ = run(t, src, script.Env{LogLevel: "debug"})
	if !strings.HasPrefix(stripDirs(stderr), "DEBUG main.lua:1: d\n") {
		t.Fatalf("debug level: got %q", stderr)
	}
	_, stderr, _ = run(t, src, script.Env{LogLevel: "error"})
	if strings.Count(stderr, "\n") != 1 {
		t.Fatalf("error level: got %q", stderr)
	}
}

// stripDirs drops the temp folder from "dir/main.lua:2:" positions.
func stripDirs(s string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(s, "\n") {
		if i := strings.Index(line, "/"); i >= 0 {
			j := strings.LastIndex(line, "/main.lua")
			line = line[:i] + line[j+1:]
		}
		b.WriteString(line)
	}
	return b.String()
}

func TestJSONKeepsNullEmptyArrayAndEmptyObjectApart(t *testing.T) {
	src := `
local v = assert(json.decode('{"a":null,"b":[],"c":{},"d":[1,null,3],"id":"4150868000000224003","n":4150868000000224003}'))
assert(v.a == json.null and v.a == crm.null, "null is the crm.null sentinel")
assert(v.d[2] == json.null and v.d[3] == 3, "null keeps its place in arrays")
assert(v.id == "4150868000000224003" and v.n == "4150868000000224003", "big numbers stay exact")
print(json.encode(v))
print(json.encode({}), json.encode(json.object()), json.encode(crm.object{}), json.encode({x = json.null}))
print(json.decode("{bad"))
print(json.encode({1, x = 2}))
`
	env := script.Env{Setup: func(L *lua.LState) { L.SetGlobal("crm", luabind.NewModule(nil).Open(L)) }}
	out, _, err := run(t, src, env)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out, "\n")
	if lines[0] != `{"a":null,"b":[],"c":{},"d":[1,null,3],"id":"4150868000000224003","n":"4150868000000224003"}` {
		t.Fatalf("round trip: %s", lines[0])
	}
	if lines[1] != "[]\t{}\t{}\t{\"x\":null}" {
		t.Fatalf("empties: %s", lines[1])
	}
	if !strings.HasPrefix(lines[2], "nil\tjson.decode: ") || !strings.HasPrefix(lines[3], "nil\tjson.encode: ") {
		t.Fatalf("errors: %q", lines[2:4])
	}
}

func TestEnv(t *testing.T) {
	t.Setenv("ZCRMRUN_TEST_VAR", "v1")
	out, _, err := run(t, `print(env("ZCRMRUN_TEST_VAR"), env("ZCRMRUN_TEST_UNSET_VAR"))`, script.Env{})
	if err != nil || out != "v1\tnil\n" {
		t.Fatalf("got %q, %v", out, err)
	}
}

func TestTimeoutStopsLoopsAndSleep(t *testing.T) {
	for name, src := range map[string]string{
		"loop":  "local n = 0\nwhile true do n = n + 1 end",
		"sleep": "sleep(60)",
		"pcall": "while true do pcall(function() while true do end end) end",
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := run(t, src, script.Env{Timeout: 50 * time.Millisecond})
			var rt *script.RuntimeError
			var te *script.TimeoutError
			if !errors.As(err, &rt) || !errors.As(err, &te) {
				t.Fatalf("got %T %v", err, err)
			}
			// Go's "context deadline exceeded" is not for users (issue 13).
			if !strings.Contains(rt.Value, "main.lua:") || !strings.Contains(rt.Value, "timed out after 50ms") || strings.Contains(rt.Value, "context") {
				t.Fatalf("message %q", rt.Value)
			}
		})
	}
}

func TestOsExitEndsScriptWithCode(t *testing.T) {
	out, _, err := run(t, "print('before')\npcall(os.exit, 3)\nprint('after')", script.Env{})
	var ee *script.ExitError
	if !errors.As(err, &ee) || ee.Code != 3 || out != "before\n" {
		t.Fatalf("got %v, %q", err, out)
	}
	if _, _, err := run(t, "os.exit(0)\nprint('after')", script.Env{}); err != nil {
		t.Fatalf("exit 0: %v", err)
	}
}

func TestExecIsOffUnlessAllowed(t *testing.T) {
	for _, fn := range []string{"os.execute('true')", "io.popen('true')", "package.loadlib('x', 'y')"} {
		_, _, err := run(t, fn, script.Env{})
		if err == nil || !strings.Contains(err.Error(), "is disabled") {
			t.Fatalf("%s: got %v", fn, err)
		}
	}
	out, _, err := run(t, "print(os.execute('exit 0'))", script.Env{AllowExec: true})
	if err != nil || out != "0\n" {
		t.Fatalf("allowed: got %q, %v", out, err)
	}
	// File functions stay.
	dir := t.TempDir()
	out, _, err = run(t, `local f = assert(io.open(arg[1], "w")) f:write("x") f:close() print(os.remove(arg[1]))`, script.Env{}, filepath.Join(dir, "f"))
	if err != nil || out != "true\n" {
		t.Fatalf("files: got %q, %v", out, err)
	}
}

func TestErrorsShowFileLineAndTraceback(t *testing.T) {
	_, _, err := run(t, "local function f()\n  local x = nil\n  return x.y\nend\nf()\n", script.Env{})
	var rt *script.RuntimeError
	if !errors.As(err, &rt) {
		t.Fatalf("got %T %v", err, err)
	}
	if !strings.Contains(rt.Value, "main.lua:3:") || !strings.Contains(rt.Traceback, "main.lua:5:") {
		t.Fatalf("value %q traceback %q", rt.Value, rt.Traceback)
	}
	_, _, err = run(t, "print('x')\nlocal = 3\n", script.Env{})
	var se *script.SyntaxError
	if !errors.As(err, &se) || se.Line != 2 || se.Token != "=" || !strings.Contains(se.Error(), "main.lua:2:") {
		t.Fatalf("got %v", err)
	}
}

func TestInterpEval(t *testing.T) {
	var out bytes.Buffer
	in := script.NewInterp(script.Env{Stdout: &out, Timeout: time.Second}, t.TempDir(), "zcrmrun")
	defer in.Close()
	show := func(got *[]string) func(*lua.LState, []lua.LValue) {
		return func(L *lua.LState, vs []lua.LValue) {
			for _, v := range vs {
				*got = append(*got, L.ToStringMeta(v).String())
			}
		}
	}
	var got []string
	if err := in.Eval(t.Context(), "1+1", "stdin", show(&got)); err != nil || strings.Join(got, ",") != "2" {
		t.Fatalf("expression: %v %v", got, err)
	}
	got = nil
	if err := in.Eval(t.Context(), "x = 41", "stdin", show(&got)); err != nil || got != nil {
		t.Fatalf("statement: %v %v", got, err)
	}
	if err := in.Eval(t.Context(), "nil, x + 1, nil", "stdin", show(&got)); err != nil || strings.Join(got, ",") != "nil,42,nil" {
		t.Fatalf("multiple values: %v %v", got, err)
	}
	err := in.Eval(t.Context(), "for i = 1, 2 do", "stdin", nil)
	var se *script.SyntaxError
	if !errors.As(err, &se) || !se.Incomplete() {
		t.Fatalf("incomplete: %v", err)
	}
	// A cancelled evaluation must not poison the next one.
	ctx, cancel := context.WithCancel(t.Context())
	go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	if err := in.Eval(ctx, "while true do end", "stdin", nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancel: %v", err)
	}
	got = nil
	if err := in.Eval(t.Context(), "x", "stdin", show(&got)); err != nil || strings.Join(got, ",") != "41" {
		t.Fatalf("after cancel: %v %v", got, err)
	}
	if err := in.Eval(t.Context(), "while true do end", "stdin", nil); !errors.As(err, new(*script.TimeoutError)) {
		t.Fatalf("timeout: %v", err)
	}
}

// TestRunawayRecursionEndsWithAStackError: unbounded recursion, plain or
// through pcall or a metamethod, ends the run with the error lua5.1 gives
// (the Lua stack's "stack overflow" or, nesting through Go functions,
// "C stack overflow", with a position where lua5.1 gives one); the host
// goes on (the next run works).
func TestRunawayRecursionEndsWithAStackError(t *testing.T) {
	for name, c := range map[string]struct{ src, want string }{
		"plain":         {"local function f(n)\n  return 1 + f(n + 1)\nend\nf(1)", "main.lua:2: stack overflow"},
		"through pcall": {"local function f()\n  local ok, err = pcall(f)\n  if not ok then error(err, 0) end\nend\nf()", "C stack overflow"},
		"metamethod":    {"local t = setmetatable({}, {__index = function(t, k) return t[k] end})\nreturn t.x", "main.lua:1: C stack overflow"},
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := run(t, c.src, script.Env{Timeout: 30 * time.Second})
			var rt *script.RuntimeError
			if !errors.As(err, &rt) {
				t.Fatalf("got %T %v", err, err)
			}
			if !strings.HasSuffix(rt.Value, c.want) {
				t.Fatalf("message %q, want it to end %q", rt.Value, c.want)
			}
			if out, _, err := run(t, "print('alive')", script.Env{}); err != nil || out != "alive\n" {
				t.Fatalf("after the overflow: %q, %v", out, err)
			}
		})
	}
}

// TestMemoryLimitStopsARunawayAllocation: a script that grows a table
// without end is stopped by the memory watchdog, with file:line and the
// limit in the message; the memory is given back and the host goes on.
func TestMemoryLimitStopsARunawayAllocation(t *testing.T) {
	const limit = 256 << 20
	src := "local t = {}\nwhile true do\n  t[#t + 1] = string.rep('x', 64) .. #t\nend"
	_, _, err := run(t, src, script.Env{MaxMemory: limit})
	var rt *script.RuntimeError
	var me *script.MemoryError
	if !errors.As(err, &rt) || !errors.As(err, &me) {
		t.Fatalf("got %T %v", err, err)
	}
	if !strings.Contains(rt.Value, "main.lua:") || !strings.Contains(rt.Value, "passed the limit of 256 MiB") || strings.Contains(rt.Value, "context") {
		t.Fatalf("message %q", rt.Value)
	}
	runtime.GC()
	if out, _, err := run(t, "print('alive')", script.Env{MaxMemory: limit}); err != nil || out != "alive\n" {
		t.Fatalf("after the limit: %q, %v", out, err)
	}
}

// TestInterpSurvivesRunawayEvaluations: in one REPL session, an endless
// loop, runaway recursion and a runaway allocation each end with an error
// naming stdin:line, and the session's state is still there afterwards.
func TestInterpSurvivesRunawayEvaluations(t *testing.T) {
	// The memory limit is low and each row is a fresh 1 MiB string made by
	// `..` (a copy; string.rep is slow under -race, about 10 MB/s, as it
	// checks the context as it goes), so the allocation reaches the limit
	// well before the timeout. The table is local to a block: a top-level
	// local would live on in the session (sessionEnv) and keep the heap
	// above the limit for the evaluations after it.
	runtime.GC()
	in := script.NewInterp(script.Env{Stdout: io.Discard, Timeout: 3 * time.Second, MaxMemory: 64 << 20}, t.TempDir(), "zcrmrun")
	defer in.Close()
	if err := in.Eval(t.Context(), "kept = 41", "stdin", nil); err != nil {
		t.Fatal(err)
	}
	for src, want := range map[string]string{
		"while true do end":                          "timed out after 3s",
		"local function f() return 1 + f() end\nf()": "stack overflow",
		"do local t, row = {}, string.rep('y', 1048576)\nwhile true do t[#t + 1] = row .. #t end end": "passed the limit of 64 MiB",
	} {
		err := in.Eval(t.Context(), src, "stdin", nil)
		var rt *script.RuntimeError
		if !errors.As(err, &rt) || !strings.Contains(rt.Value, "stdin:") || !strings.Contains(rt.Value, want) {
			t.Fatalf("%q: got %v, want stdin:line and %q", src, err, want)
		}
		runtime.GC()
	}
	var got lua.LValue
	err := in.Eval(t.Context(), "kept + 1", "stdin", func(_ *lua.LState, vs []lua.LValue) { got = vs[0] })
	if err != nil || got != lua.LNumber(42) {
		t.Fatalf("the session lost its state: %v, %v", got, err)
	}
}
