package script

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/ast"
	"github.com/yuin/gopher-lua/parse"
)

// Env is what a run provides to its script. The same Env gives the same
// environment in run, watch and the REPL.
type Env struct {
	Stdout io.Writer
	Stderr io.Writer
	// Setup registers host modules (crm, ...) in a fresh state.
	Setup func(L *lua.LState)
	// Paths are extra folders require searches after the script's own.
	Paths []string
	// AllowExec keeps os.execute, io.popen and package.loadlib.
	AllowExec bool
	// LogLevel is the lowest level log.* writes: debug, info (default),
	// warn or error.
	LogLevel string
	// Logger, when set, receives log.* records (message, and "at" the
	// calling file:line) instead of the plain lines on Stderr, for
	// machine-read logs (--log-format json). LogLevel still filters.
	Logger *slog.Logger
	// Timeout bounds one run (or one REPL evaluation); 0 means none.
	Timeout time.Duration
	// MaxMemory stops a run (or one REPL evaluation) once the process's
	// Go heap passes this many bytes; 0 means no limit. gopher-lua has no
	// allocation hook, so a watchdog samples the heap: a script that grows
	// a table or string step by step is stopped near the limit, but one
	// single allocation larger than the machine's memory cannot be.
	MaxMemory uint64
	// AfterRun, when set, runs at the end of every run and every REPL
	// evaluation, however it ended (the host ends progress bars a script
	// left drawing there).
	AfterRun func()
	// OnRequire, when set, is told the file of every module a run loads
	// from disk (watch mode reruns a script when one of them changes).
	OnRequire func(path string)
}

// SyntaxError is a script that does not compile.
type SyntaxError struct {
	File   string
	Line   int
	Column int
	Token  string // as Lua 5.1 shows it after "near"; "" when it shows none
	Msg    string
	// text is the parser's own rendering, with Lua 5.1's chunk id.
	text string
}

// Error is Lua 5.1's message: "file:line: msg near 'token'".
func (e *SyntaxError) Error() string {
	switch {
	case e.text != "":
		return e.text
	case e.Line <= 0:
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	case e.Token == "":
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s near '%s'", e.File, e.Line, e.Msg, e.Token)
}

// Incomplete reports whether the chunk ended before it was complete (an
// open block, string or bracket), so more input could fix it: the test
// lua.c's incomplete() makes, a message ending in '<eof>'.
func (e *SyntaxError) Incomplete() bool { return strings.HasSuffix(e.Error(), "'<eof>'") }

// RuntimeError is a script that raised. Value is what it raised, rendered
// with __tostring; Traceback lists the Lua frames.
type RuntimeError struct {
	Value     string
	Traceback string
	Raised    lua.LValue // the raised value, for callers that inspect it
	Err       error      // the cause when the run was stopped (timeout)
}

func (e *RuntimeError) Error() string { return e.Value }

func (e *RuntimeError) Unwrap() error { return e.Err }

// TimeoutError is the cause of a run stopped by Env.Timeout.
type TimeoutError struct{ Timeout time.Duration }

func (e *TimeoutError) Error() string { return fmt.Sprintf("timed out after %s", e.Timeout) }

// MemoryError is the cause of a run stopped by Env.MaxMemory.
type MemoryError struct {
	Limit, Heap uint64
}

func (e *MemoryError) Error() string {
	return fmt.Sprintf("stopped: memory use %d MiB passed the limit of %d MiB ([script] max_memory)", e.Heap>>20, e.Limit>>20)
}

// ExitError is a script that called os.exit(code).
type ExitError struct{ Code int }

func (e *ExitError) Error() string { return fmt.Sprintf("script exited with status %d", e.Code) }

// Compile parses and compiles a script file (read by ReadSource, so only
// a regular file up to MaxSourceSize). The first line is skipped
// when it starts with '#' (a shebang), keeping line numbers intact.
func Compile(path string) (*lua.FunctionProto, error) {
	src, err := ReadSource(path)
	if err != nil {
		return nil, err
	}
	if bytes.HasPrefix(src, []byte("#")) {
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			src = src[i:]
		} else {
			src = nil
		}
	}
	return CompileString(string(src), path)
}

// CompileString compiles source named name (used in error positions), as
// lua.c loads a script or a REPL line.
func CompileString(src, name string) (*lua.FunctionProto, error) {
	chunk, err := parseString(src, name)
	if err != nil {
		return nil, err
	}
	return compileChunk(chunk, name)
}

func parseString(src, name string) ([]ast.Stmt, error) {
	chunk, err := parse.ParseAtLevel(strings.NewReader(src), name, 1)
	if err != nil {
		var pe *parse.Error
		if errors.As(err, &pe) {
			return nil, &SyntaxError{File: name, Line: pe.Pos.Line, Column: pe.Pos.Column, Token: pe.Token, Msg: pe.Message, text: pe.Error()}
		}
		return nil, err
	}
	return chunk, nil
}

func compileChunk(chunk []ast.Stmt, name string) (*lua.FunctionProto, error) {
	proto, err := lua.Compile(chunk, name)
	if err != nil {
		return nil, &SyntaxError{File: name, Msg: err.Error()}
	}
	return proto, nil
}

// NewState returns a Lua state prepared for scripts: standard libraries,
// the script environment (print, log, json, sleep, env), process-spawning
// and native loading removed unless env allows them, os.exit ending the
// script (never the host), and require searching dir then env.Paths.
//
// The returned exit code is -1 until the script calls os.exit; exit and
// cancellation are wired per run by start.
func NewState(env Env, dir string) (*lua.LState, *int) {
	L := NewLuaState()
	st := &state{exit: -1}
	install(L, env, dir, st)
	if env.Setup != nil {
		env.Setup(L)
	}
	return L, &st.exit
}

// Run runs the script at path with args (the script's arg[1..n]) in a
// fresh state owned by the calling goroutine.
func Run(ctx context.Context, path string, args []string, env Env) error {
	proto, err := Compile(path)
	if err != nil {
		return err
	}
	return runProto(ctx, proto, path, path, filepath.Dir(path), args, env)
}

// RunSource runs src as a script read from stdin (`zcrmrun run -`, as
// `lua -` does): positions name it "stdin", arg[0] is "-", and require
// searches the working directory.
func RunSource(ctx context.Context, src string, args []string, env Env) error {
	proto, err := CompileString(src, "stdin")
	if err != nil {
		return err
	}
	return runProto(ctx, proto, "stdin", "-", ".", args, env)
}

func runProto(ctx context.Context, proto *lua.FunctionProto, name, arg0, dir string, args []string, env Env) error {
	L := NewLuaState()
	defer L.Close()
	st := &state{exit: -1}
	install(L, env, dir, st)
	if env.Setup != nil {
		env.Setup(L)
	}
	argt := L.NewTable()
	argt.RawSetInt(-1, lua.LString("zcrmrun"))
	argt.RawSetInt(0, lua.LString(arg0))
	for i, a := range args {
		argt.RawSetInt(i+1, lua.LString(a))
	}
	L.SetGlobal("arg", argt)

	fn := L.NewFunctionFromProto(proto)
	L.Push(fn)
	for _, a := range args {
		L.Push(lua.LString(a))
	}
	return st.call(ctx, L, env, name, len(args), 0)
}
