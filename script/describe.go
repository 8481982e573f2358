package script

import (
	"context"
	"errors"
	"fmt"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// describeLimit bounds a __tostring called by the host to describe a
// value (an error object, a REPL result). The script's own deadline still
// applies when it is nearer. When the run has already ended (timed out,
// interrupted), __tostring gets describeGrace, which keeps the host's
// promise to stop about 100 ms after --timeout, Ctrl-C or SIGTERM.
const (
	describeLimit = 2 * time.Second
	describeGrace = 100 * time.Millisecond
)

// Describe returns the text of v as tostring gives it, for the host to
// show. Unlike L.ToStringMeta it never raises: a __tostring that raises,
// returns a non-string, or runs past ctx or describeLimit gives a plain
// description such as "(error object is a table value; its __tostring
// raised: inner)". what names the value in that description ("error
// object", "value").
//
// It must be called on the goroutine that owns L, outside any running Lua
// code, and leaves L's stack and context as it found them.
func Describe(ctx context.Context, L *lua.LState, v lua.LValue, what string) string {
	mt := L.GetMetaField(v, "__tostring")
	if mt == lua.LNil {
		return L.ToStringMeta(v).String() // plain values do not run Lua code
	}
	plain := "(" + what + " is a " + v.Type().String() + " value; its __tostring "
	limit := describeLimit
	if ctx.Err() != nil {
		ctx, limit = context.WithoutCancel(ctx), describeGrace
	}
	tctx, cancel := context.WithTimeoutCause(ctx, limit, fmt.Errorf("stopped after %s", limit))
	defer cancel()
	prev := L.Context()
	L.SetContext(tctx)
	defer func() {
		if prev != nil {
			L.SetContext(prev)
		} else {
			L.RemoveContext()
		}
	}()
	top := L.GetTop()
	defer L.SetTop(top)
	L.Push(mt)
	L.Push(v)
	if err := L.PCall(1, 1, nil); err != nil {
		if tctx.Err() != nil {
			return plain + "did not finish: " + context.Cause(tctx).Error() + ")"
		}
		return plain + "raised: " + innerText(err) + ")"
	}
	s, ok := L.Get(-1).(lua.LString)
	if !ok {
		if n, isNum := L.Get(-1).(lua.LNumber); isNum {
			return n.String()
		}
		return plain + "returned a " + L.Get(-1).Type().String() + ", not a string)"
	}
	return string(s)
}

// innerText is the message of an error raised while describing a value,
// without running more Lua code: a string or number as is, anything else
// by its type.
func innerText(err error) string {
	var ae *lua.ApiError
	if !errors.As(err, &ae) || ae.Object == nil {
		return err.Error()
	}
	switch o := ae.Object.(type) {
	case lua.LString:
		return string(o)
	case lua.LNumber:
		return o.String()
	}
	return "a " + ae.Object.Type().String() + " value"
}
