package script

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/luabind"
)

// state is the per-LState bookkeeping the environment needs: the exit
// code os.exit recorded, and how to stop the current run.
type state struct {
	exit   int
	cancel context.CancelCauseFunc // cancels the current run; nil between runs
}

var errExit = errors.New("os.exit")

// logLevels orders the log functions; a level writes when it is at or
// above Env.LogLevel.
var logLevels = []struct {
	name  string
	level slog.Level
}{{"debug", slog.LevelDebug}, {"info", slog.LevelInfo}, {"warn", slog.LevelWarn}, {"error", slog.LevelError}}

// install builds the script environment in L.
func install(L *lua.LState, env Env, dir string, st *state) {
	// string.rep and its kind refuse a result past max_memory before
	// allocating it; the watchdog only sees memory already taken.
	L.SetMemoryLimit(env.MaxMemory)
	stdout, stderr := env.Stdout, env.Stderr
	if stdout == nil {
		stdout = os.Stdout
	}
	if stderr == nil {
		stderr = os.Stderr
	}
	// print(...) writes as Lua 5.1's does, through the global tostring
	L.SetGlobal("print", L.NewFunction(func(L *lua.LState) int {
		line, err := lua.PrintLine(L)
		io.WriteString(stdout, line)
		if err != "" {
			L.RaiseError("%s", err)
		}
		return 0
	}))
	L.SetGlobal("log", openLog(L, stderr, env.LogLevel, env.Logger))
	L.SetGlobal("json", luabind.OpenJSON(L))
	L.SetGlobal("sleep", L.NewFunction(luaSleep))
	L.SetGlobal("env", L.NewFunction(luaEnv))

	if !env.AllowExec {
		disable := func(lib, fn string) {
			if t, ok := L.GetGlobal(lib).(*lua.LTable); ok {
				name := lib + "." + fn
				t.RawSetString(fn, L.NewFunction(func(L *lua.LState) int {
					L.RaiseError("%s is disabled in zcrmrun scripts (set [script] allow_exec = true to allow it)", name)
					return 0
				}))
			}
		}
		disable("os", "execute")
		disable("io", "popen")
		disable("package", "loadlib")
	}
	installExit(L, st)
	installRequire(L, env, dir)
}

func joinArgs(L *lua.LState, from int) string {
	var b strings.Builder
	for i := from; i <= L.GetTop(); i++ {
		if i > from {
			b.WriteByte('\t')
		}
		b.WriteString(L.ToStringMeta(L.Get(i)).String())
	}
	return b.String()
}

// openLog builds the log table. Each line names the level and the calling
// script line: "WARN  report.lua:12: 3 leads have no email".
func openLog(L *lua.LState, w io.Writer, level string, logger *slog.Logger) *lua.LTable {
	min := 1 // info
	for i, l := range logLevels {
		if strings.EqualFold(l.name, level) {
			min = i
		}
	}
	t := L.NewTable()
	for i, l := range logLevels {
		name, lvl := l.name, l.level
		label := fmt.Sprintf("%-5s", strings.ToUpper(name))
		enabled := i >= min
		// log.<level>(...): writes its arguments, tab-separated, to stderr
		t.RawSetString(name, L.NewFunction(func(L *lua.LState) int {
			switch {
			case enabled && logger != nil:
				logger.Log(context.Background(), lvl, joinArgs(L, 1), "at", strings.TrimSuffix(L.Where(1), ":"))
			case enabled:
				line := label
				if at := L.Where(1); at != "" { // "" when a Go function called log
					line += " " + at
				}
				io.WriteString(w, line+" "+joinArgs(L, 1)+"\n")
			}
			return 0
		}))
	}
	return t
}

// luaSleep: sleep(seconds) pauses the script; cancelling the run (timeout,
// Ctrl-C, os.exit) ends the pause at once with an error.
func luaSleep(L *lua.LState) int {
	secs := float64(L.CheckNumber(1))
	if secs < 0 {
		L.ArgError(1, "sleep: seconds must not be negative")
	}
	ctx := L.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	t := time.NewTimer(time.Duration(secs * float64(time.Second)))
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
		L.RaiseError("sleep: %v", context.Cause(ctx))
	}
	return 0
}

// luaEnv: env(name) -> string | nil when the variable is not set
func luaEnv(L *lua.LState) int {
	if v, ok := os.LookupEnv(L.CheckString(1)); ok {
		L.Push(lua.LString(v))
	} else {
		L.Push(lua.LNil)
	}
	return 1
}

// installExit replaces os.exit: it records the code and cancels the run's
// context, so pcall cannot swallow it (every next instruction raises).
func installExit(L *lua.LState, st *state) {
	osTable, ok := L.GetGlobal("os").(*lua.LTable)
	if !ok {
		return
	}
	// os.exit([code]): ends the script (never the host) with code; true
	// or no argument is 0, false is 1
	osTable.RawSetString("exit", L.NewFunction(func(L *lua.LState) int {
		c := exitCode(L)
		st.exit = c
		if st.cancel != nil {
			st.cancel(errExit)
		}
		L.RaiseError("os.exit(%d)", c)
		return 0
	}))
}

// exitCode is the process status os.exit's argument asks for: none, nil
// or true is success (0), false is failure (1), and a number, or a string
// that converts to one, is truncated to an integer and masked to the 8
// bits a process status keeps, as exit(3) does with Lua 5.1's int. Other
// values are refused as Lua 5.1 refuses them.
func exitCode(L *lua.LState) int {
	var n lua.LNumber
	switch v := L.Get(1).(type) {
	case *lua.LNilType:
		return 0
	case lua.LBool:
		if v {
			return 0
		}
		return 1
	case lua.LNumber:
		n = v
	case lua.LString:
		n = lua.LVAsNumber(v)
		if n == 0 && !isZeroNumeral(string(v)) {
			L.RaiseError("bad argument #1 to 'exit' (number expected, got string)")
		}
	default:
		L.RaiseError("bad argument #1 to 'exit' (number expected, got %s)", v.Type())
	}
	return int(int64(float64(n))) & 0xFF
}

// isZeroNumeral tells a string that reads as the number 0 ("0", " 0x0",
// "-0.0e3") from one that is no number at all, which LVAsNumber also
// turns into 0.
func isZeroNumeral(s string) bool {
	s = strings.TrimSpace(s)
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return f == 0
	}
	i, err := strconv.ParseInt(s, 0, 64)
	return err == nil && i == 0
}

// installRequire roots package.path at dir, then env.Paths, and replaces
// the file loader so modules compile with file:line syntax errors and each
// loaded file is reported to env.OnRequire.
func installRequire(L *lua.LState, env Env, dir string) {
	pkg, ok := L.GetGlobal("package").(*lua.LTable)
	if !ok {
		return
	}
	var path []string
	for _, d := range append([]string{dir}, env.Paths...) {
		if abs, err := filepath.Abs(d); err == nil {
			d = abs
		}
		path = append(path, filepath.Join(d, "?.lua"), filepath.Join(d, "?", "init.lua"))
	}
	pkg.RawSetString("path", lua.LString(strings.Join(path, ";")))
	pkg.RawSetString("cpath", lua.LString(""))
	loaders, ok := pkg.RawGetString("loaders").(*lua.LTable)
	if !ok {
		return
	}
	loaders.RawSetInt(2, L.NewFunction(func(L *lua.LState) int {
		name := L.CheckString(1)
		file, tried := findModule(L, name)
		if file == "" {
			L.Push(lua.LString(tried))
			return 1
		}
		if env.OnRequire != nil {
			env.OnRequire(file)
		}
		proto, err := Compile(file)
		if err != nil {
			// Lua 5.1's loader_Lua words it so.
			L.Error(lua.LString(fmt.Sprintf("error loading module '%s' from file '%s':\n\t%s", name, file, err)), 0)
		}
		L.Push(L.NewFunctionFromProto(proto))
		return 1
	}))
}

// findModule searches package.path (read at call time, so scripts may
// extend it) for module name.
func findModule(L *lua.LState, name string) (file, tried string) {
	path := lua.LVAsString(L.GetField(L.GetGlobal("package"), "path"))
	rel := strings.ReplaceAll(name, ".", string(os.PathSeparator))
	var msgs []string
	for _, pattern := range strings.Split(path, ";") {
		if pattern == "" {
			continue
		}
		f := strings.ReplaceAll(pattern, "?", rel)
		if st, err := os.Stat(f); err == nil && !st.IsDir() {
			return f, ""
		}
		msgs = append(msgs, "no file '"+f+"'")
	}
	return "", "\n\t" + strings.Join(msgs, "\n\t")
}

// call runs the function (and nargs arguments) on top of L's stack under
// ctx and env.Timeout, and turns what went wrong into ExitError,
// RuntimeError or the cancellation cause. The context is removed after,
// because a dead context makes every later call on L fail.
func (st *state) call(ctx context.Context, L *lua.LState, env Env, name string, nargs, nret int) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	if env.Timeout > 0 {
		var stop context.CancelFunc
		ctx, stop = context.WithTimeoutCause(ctx, env.Timeout, &TimeoutError{Timeout: env.Timeout})
		defer stop()
	}
	if env.MaxMemory > 0 {
		stop := watchMemory(ctx, env.MaxMemory, cancel)
		defer stop()
	}
	st.exit, st.cancel = -1, cancel
	L.SetContext(ctx)
	defer func() {
		L.RemoveContext()
		st.cancel = nil
		if env.AfterRun != nil {
			env.AfterRun()
		}
	}()
	err := L.PCall(nargs, nret, nil)
	if st.exit >= 0 {
		if st.exit == 0 {
			return nil
		}
		return &ExitError{Code: st.exit}
	}
	if err == nil {
		return nil
	}
	re := runtimeError(ctx, L, err)
	if ctx.Err() != nil {
		cause := context.Cause(ctx)
		var te *TimeoutError
		var me *MemoryError
		if errors.As(cause, &te) && !strings.Contains(re.Value, te.Error()) {
			re.Value += " (" + te.Error() + ")"
		}
		if errors.As(cause, &me) && !strings.Contains(re.Value, me.Error()) {
			re.Value += " (" + me.Error() + ")"
		}
		re.Err = cause
	}
	return re
}

// runtimeError describes what the run raised. The raised value's
// __tostring runs under the run's context (so --timeout and signals still
// stop it) and can neither raise nor hang the host: see Describe.
func runtimeError(ctx context.Context, L *lua.LState, err error) *RuntimeError {
	var ae *lua.ApiError
	if !errors.As(err, &ae) {
		return &RuntimeError{Value: err.Error(), Err: err}
	}
	re := &RuntimeError{Raised: ae.Object, Traceback: ae.StackTrace}
	if ae.Object != nil {
		re.Value = Describe(ctx, L, ae.Object, "error object")
	} else {
		re.Value = err.Error()
	}
	return re
}

// memoryCheckEvery is how often the memory watchdog samples the heap.
const memoryCheckEvery = 20 * time.Millisecond

// watchMemory cancels the run with a *MemoryError once the Go heap passes
// limit, and returns a function that stops watching. The heap is the
// process's, which is the script's in run, watch and the REPL, where one
// script runs at a time.
func watchMemory(ctx context.Context, limit uint64, cancel context.CancelCauseFunc) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(memoryCheckEvery)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				runtime.ReadMemStats(&ms)
				if ms.HeapAlloc > limit {
					cancel(&MemoryError{Limit: limit, Heap: ms.HeapAlloc})
					return
				}
			}
		}
	}()
	return func() { close(done) }
}
