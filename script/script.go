package script

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/parse"
)

// Env is what a run provides to its script.
type Env struct {
	Stdout io.Writer
	Stderr io.Writer
	// Setup registers host modules (crm, ...) in a fresh state.
	Setup func(L *lua.LState)
}

// SyntaxError is a script that does not compile.
type SyntaxError struct {
	File   string
	Line   int
	Column int
	Token  string
	Msg    string
}

func (e *SyntaxError) Error() string {
	if e.Line <= 0 {
		return fmt.Sprintf("%s: %s at end of file", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s near '%s'", e.File, e.Line, e.Msg, e.Token)
}

// RuntimeError is a script that raised. Value is what it raised, rendered
// with __tostring; Traceback lists the Lua frames.
type RuntimeError struct {
	Value     string
	Traceback string
	Raised    lua.LValue // the raised value, for callers that inspect it
}

func (e *RuntimeError) Error() string { return e.Value }

// ExitError is a script that called os.exit(code).
type ExitError struct{ Code int }

func (e *ExitError) Error() string { return fmt.Sprintf("script exited with status %d", e.Code) }

// Compile parses and compiles a script file. The first line is skipped
// when it starts with '#' (a shebang), keeping line numbers intact.
func Compile(path string) (*lua.FunctionProto, error) {
	src, err := os.ReadFile(path)
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

// CompileString compiles source named name (used in error positions).
func CompileString(src, name string) (*lua.FunctionProto, error) {
	chunk, err := parse.Parse(strings.NewReader(src), name)
	if err != nil {
		var pe *parse.Error
		if errors.As(err, &pe) {
			return nil, &SyntaxError{File: name, Line: pe.Pos.Line, Column: pe.Pos.Column, Token: pe.Token, Msg: pe.Message}
		}
		return nil, err
	}
	proto, err := lua.Compile(chunk, name)
	if err != nil {
		return nil, &SyntaxError{File: name, Msg: err.Error()}
	}
	return proto, nil
}

// NewState returns a Lua state prepared for scripts: standard libraries,
// print routed to env.Stdout, process-spawning and native loading removed,
// os.exit ending the script (never the host), and package.path rooted at
// dir.
func NewState(env Env, dir string) (*lua.LState, *int) {
	L := lua.NewState()
	stdout := env.Stdout
	if stdout == nil {
		stdout = os.Stdout
	}
	L.SetGlobal("print", L.NewFunction(func(L *lua.LState) int {
		n := L.GetTop()
		var b strings.Builder
		for i := 1; i <= n; i++ {
			if i > 1 {
				b.WriteByte('\t')
			}
			b.WriteString(L.ToStringMeta(L.Get(i)).String())
		}
		b.WriteByte('\n')
		io.WriteString(stdout, b.String())
		return 0
	}))
	exitCode := new(int)
	*exitCode = -1
	disable := func(lib, fn string) {
		if t, ok := L.GetGlobal(lib).(*lua.LTable); ok {
			name := lib + "." + fn
			t.RawSetString(fn, L.NewFunction(func(L *lua.LState) int {
				L.RaiseError("%s is disabled in zcrmrun scripts", name)
				return 0
			}))
		}
	}
	disable("os", "execute")
	disable("io", "popen")
	disable("package", "loadlib")
	if pkg, ok := L.GetGlobal("package").(*lua.LTable); ok {
		pkg.RawSetString("path", lua.LString(filepath.Join(dir, "?.lua")+";"+filepath.Join(dir, "?", "init.lua")))
		pkg.RawSetString("cpath", lua.LString(""))
	}
	if env.Setup != nil {
		env.Setup(L)
	}
	return L, exitCode
}

// Run runs the script at path with args (the script's arg[1..n]).
func Run(ctx context.Context, path string, args []string, env Env) error {
	proto, err := Compile(path)
	if err != nil {
		return err
	}
	L, exitCode := NewState(env, filepath.Dir(path))
	defer L.Close()
	argt := L.NewTable()
	argt.RawSetInt(0, lua.LString(path))
	for i, a := range args {
		argt.RawSetInt(i+1, lua.LString(a))
	}
	L.SetGlobal("arg", argt)

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	installExit(L, exitCode, cancel)
	L.SetContext(ctx)

	fn := L.NewFunctionFromProto(proto)
	L.Push(fn)
	for _, a := range args {
		L.Push(lua.LString(a))
	}
	err = L.PCall(len(args), 0, nil)
	if *exitCode >= 0 {
		if *exitCode == 0 {
			return nil
		}
		return &ExitError{Code: *exitCode}
	}
	if err == nil {
		return nil
	}
	if ctxErr := context.Cause(ctx); ctxErr != nil && ctx.Err() != nil {
		return fmt.Errorf("%s: %w", path, ctxErr)
	}
	return runtimeError(L, err)
}

var errExit = errors.New("os.exit")

// installExit replaces os.exit: it records the code and cancels the run's
// context, so pcall cannot swallow it (every next instruction raises).
func installExit(L *lua.LState, code *int, cancel context.CancelCauseFunc) {
	osTable, ok := L.GetGlobal("os").(*lua.LTable)
	if !ok {
		return
	}
	osTable.RawSetString("exit", L.NewFunction(func(L *lua.LState) int {
		c := 0
		switch v := L.Get(1).(type) {
		case lua.LNumber:
			c = int(v)
		case lua.LBool:
			if !v {
				c = 1
			}
		}
		*code = c
		cancel(errExit)
		L.RaiseError("os.exit(%d)", c)
		return 0
	}))
}

func runtimeError(L *lua.LState, err error) error {
	var ae *lua.ApiError
	if !errors.As(err, &ae) {
		return err
	}
	re := &RuntimeError{Raised: ae.Object, Traceback: ae.StackTrace}
	if ae.Object != nil {
		re.Value = L.ToStringMeta(ae.Object).String()
	} else {
		re.Value = err.Error()
	}
	return re
}
