package script

import (
	"context"
	"errors"

	lua "github.com/yuin/gopher-lua"
)

// Interp is one long-lived Lua state (the REPL's) owned by its own
// goroutine. Other goroutines never touch the state: they hand work to
// Do, Eval or Exec, which wait for it, and stop an evaluation by
// cancelling the context they passed.
type Interp struct {
	env  Env
	work chan func(*lua.LState)
	done chan struct{}
	st   *state // touched only by the owner goroutine
	// session holds the top-level locals of evaluated lines; owner only.
	session *sessionEnv
}

// NewInterp starts a state with env whose require searches dir first.
// The global arg holds arg[0] = name, as the standalone lua sets it for
// an interactive session.
func NewInterp(env Env, dir, name string) *Interp {
	in := &Interp{env: env, work: make(chan func(*lua.LState)), done: make(chan struct{})}
	ready := make(chan struct{})
	go in.own(dir, name, ready)
	<-ready
	return in
}

func (in *Interp) own(dir, name string, ready chan<- struct{}) {
	defer close(in.done)
	L := NewLuaState()
	defer L.Close()
	in.st = &state{exit: -1}
	install(L, in.env, dir, in.st)
	if in.env.Setup != nil {
		in.env.Setup(L)
	}
	in.session = newSessionEnv(L)
	argt := L.NewTable()
	argt.RawSetInt(0, lua.LString(name))
	L.SetGlobal("arg", argt)
	close(ready)
	for fn := range in.work {
		fn(L)
	}
}

// Do runs fn on the state's goroutine and waits for it. fn must not keep
// L or values from it after returning.
func (in *Interp) Do(fn func(L *lua.LState)) {
	finished := make(chan struct{})
	in.work <- func(L *lua.LState) {
		defer close(finished)
		fn(L)
	}
	<-finished
}

// Close stops the owner goroutine and closes the state.
func (in *Interp) Close() {
	close(in.work)
	<-in.done
}

// Eval evaluates one REPL chunk the way the standalone lua does: if
// "return <src>" compiles, that compiled chunk runs and show receives all
// its values (show runs on the state's goroutine); otherwise src runs as
// statements. A chunk that ends too early returns a *SyntaxError whose
// Incomplete() is true. Unlike lua.c, a chunk's top-level locals stay
// visible to the chunks evaluated after it (sessionEnv).
func (in *Interp) Eval(ctx context.Context, src, name string, show func(L *lua.LState, values []lua.LValue)) error {
	var err error
	in.Do(func(L *lua.LState) {
		fn, cerr := in.session.compile(L, "return "+src+"\n", name)
		if cerr != nil {
			var serr error
			if fn, serr = in.session.compile(L, src, name); serr != nil {
				err = pickSyntaxError(cerr, serr)
				return
			}
		}
		base := L.GetTop()
		defer L.SetTop(base)
		L.Push(fn)
		if err = in.st.call(ctx, L, in.env, name, 0, lua.MultRet); err != nil {
			return
		}
		if n := L.GetTop() - base; n > 0 && show != nil {
			vals := make([]lua.LValue, n)
			for i := range vals {
				vals[i] = L.Get(base + 1 + i)
			}
			show(L, vals)
		}
	})
	return err
}

// Exec runs src as one chunk named name, as lua does with a script read
// from stdin.
func (in *Interp) Exec(ctx context.Context, src, name string) error {
	var err error
	in.Do(func(L *lua.LState) {
		proto, cerr := CompileString(src, name)
		if cerr != nil {
			err = cerr
			return
		}
		base := L.GetTop()
		defer L.SetTop(base)
		L.Push(L.NewFunctionFromProto(proto))
		err = in.st.call(ctx, L, in.env, name, 0, 0)
	})
	return err
}

// pickSyntaxError chooses which of the two failed readings of a REPL
// line to report: an incomplete one first (more input may complete it),
// else the one that parsed further, which is the likelier intent
// ("1 +* 2" is a bad expression, not a bad statement at "1").
func pickSyntaxError(asReturn, asStatement error) error {
	var r, s *SyntaxError
	if !errors.As(asReturn, &r) || !errors.As(asStatement, &s) {
		return asStatement
	}
	switch {
	case s.Incomplete():
		return s
	case r.Incomplete():
		return r
	}
	rCol := r.Column
	if r.Line == 1 {
		rCol -= len("return ")
	}
	if r.Line > s.Line || r.Line == s.Line && rCol > s.Column {
		return r
	}
	return s
}
