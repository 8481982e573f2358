package luastore

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/script"
	"github.com/zcrmrun/zcrmrun/tokenstore"
)

// Names of the module's functions, as the seed SDK calls them.
const (
	fnSave   = "saveOAuthTokens"
	fnUpdate = "updateOAuthTokens"
	fnGet    = "getOAuthTokens"
	fnDelete = "deleteOAuthTokens"
	fnUsers  = "listOAuthUsers"
)

// Error is a failure inside the token module or a reply it should not have
// given. Msg is what the module raised (with its file:line) or what was
// wrong with its reply.
type Error struct {
	Module   string // path of the module file
	Function string // the module function called, or "" while loading
	Msg      string
}

func (e *Error) Error() string {
	if e.Function == "" {
		return fmt.Sprintf("lua token module %s: %s", e.Module, e.Msg)
	}
	return fmt.Sprintf("lua token module %s: %s: %s", e.Module, e.Function, e.Msg)
}

// DefaultTimeout bounds each call into the module (its loading included)
// when Open is given none: a module that loops or waits must not hang the
// run, `zcrmrun auth status` or a refresh that outlives its caller.
const DefaultTimeout = 10 * time.Second

// closeGrace is how long Close waits for a call it interrupted. A Lua loop
// stops at its next instruction; a call blocked inside Go (io.read on a
// terminal, say) cannot be stopped and is abandoned.
const closeGrace = 500 * time.Millisecond

// Store is a token store backed by a Lua module. It implements
// tokenstore.Store, tokenstore.Lister (when the module can list) and
// tokenstore.Locker within the process.
type Store struct {
	path    string
	proto   *lua.FunctionProto
	timeout time.Duration
	life    context.Context // cancelled by Close, which interrupts the call in flight
	stop    context.CancelCauseFunc
	work    chan job
	quit    chan struct{}
	ended   chan struct{}
	close   sync.Once
	locks   tokenstore.UserLocks
	// current names the module function in flight ("" while loading),
	// for the error of a call that had to be stopped.
	current atomic.Value
}

type job struct {
	ctx  context.Context
	run  func(m *module) error
	done chan error // buffered: the owner never waits for a caller gone away
}

// module is the state the owning goroutine keeps; nothing else touches it.
type module struct {
	path string
	L    *lua.LState
	t    *lua.LTable
	// cancel ends the call in flight; os.exit uses it so that no pcall in
	// the module can swallow the exit.
	cancel  context.CancelCauseFunc
	exited  string        // "os.exit(9) at file:line" once the module called it
	current *atomic.Value // Store.current
}

// errClosed is the cause of calls interrupted by Close.
var errClosed = errors.New("the token store was closed")

// errExit is the cause of a call the module ended with os.exit.
var errExit = errors.New("os.exit")

// deadline is the cause of a call that ran past the store's timeout.
type deadline struct{ d time.Duration }

func (e *deadline) Error() string { return fmt.Sprintf("did not return within %s", e.d) }

// Open compiles the module at path and starts the goroutine that owns its
// Lua state. The module's top level runs on the first call, under that
// call's context and deadline (timeout; 0 means DefaultTimeout), so a
// module that loops there fails the call instead of hanging Open. A module
// that does not compile is an error of Open; one that raises while
// loading, or does not return a table with saveOAuthTokens,
// updateOAuthTokens and getOAuthTokens, is an error of every call, naming
// the file, and is loaded afresh on the next.
func Open(path string, timeout time.Duration) (*Store, error) {
	proto, err := script.Compile(path)
	if err != nil {
		var se *script.SyntaxError
		if errors.As(err, &se) {
			return nil, &Error{Module: path, Msg: "does not compile: " + se.Error()}
		}
		return nil, fmt.Errorf("lua token module %s: %w", path, err)
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	s := &Store{path: path, proto: proto, timeout: timeout, work: make(chan job), quit: make(chan struct{}), ended: make(chan struct{})}
	s.life, s.stop = context.WithCancelCause(context.Background())
	go s.own()
	return s, nil
}

// own is the goroutine that owns the Lua state for the store's lifetime.
func (s *Store) own() {
	defer close(s.ended)
	var m *module
	defer func() {
		if m != nil {
			m.L.Close()
		}
	}()
	for {
		select {
		case j := <-s.work:
			if m == nil {
				m = s.newModule()
			}
			err := m.serve(j, s.proto)
			if m.t == nil { // not loaded: start from a clean state next time
				m.L.Close()
				m = nil
			}
			j.done <- err
		case <-s.quit:
			return
		}
	}
}

func (s *Store) newModule() *module {
	L := script.NewLuaState()
	if pkg, ok := L.GetGlobal("package").(*lua.LTable); ok {
		dir := filepath.Dir(s.path)
		path := filepath.Join(dir, "?.lua") + ";" + filepath.Join(dir, "?", "init.lua")
		if old := lua.LVAsString(pkg.RawGetString("path")); old != "" {
			path += ";" + old
		}
		pkg.RawSetString("path", lua.LString(path))
	}
	m := &module{path: s.path, L: L, current: &s.current}
	if osTable, ok := L.GetGlobal("os").(*lua.LTable); ok {
		// gopher-lua's os.exit closes the state and ends the process
		// there and then: zcrmrun with no message, and a token just
		// minted unsaved. In a module it is an error of the call.
		osTable.RawSetString("exit", L.NewFunction(func(L *lua.LState) int {
			what := "os.exit()"
			if L.GetTop() > 0 {
				what = "os.exit(" + L.ToStringMeta(L.Get(1)).String() + ")"
			}
			if at := L.Where(1); at != "" {
				what += " at " + strings.TrimSuffix(at, ":")
			}
			m.exited = what
			if m.cancel != nil {
				m.cancel(errExit)
			}
			L.RaiseError("%s", what)
			return 0
		}))
	}
	return m
}

// serve runs one job, loading the module first if it is not loaded yet.
// The call's context is removed after: a dead one would fail every later
// call.
func (m *module) serve(j job, proto *lua.FunctionProto) error {
	if err := j.ctx.Err(); err != nil {
		return err
	}
	ctx, cancel := context.WithCancelCause(j.ctx)
	defer cancel(nil)
	m.cancel, m.exited = cancel, ""
	m.L.SetContext(ctx)
	defer func() {
		m.L.RemoveContext()
		m.cancel = nil
	}()
	if m.t == nil {
		if err := m.load(proto); err != nil {
			return err
		}
	}
	return j.run(m)
}

func (m *module) load(proto *lua.FunctionProto) error {
	m.current.Store("")
	m.L.Push(m.L.NewFunctionFromProto(proto))
	if err := m.L.PCall(0, 1, nil); err != nil {
		return m.failed("", err)
	}
	ret := m.L.Get(-1)
	m.L.Pop(1)
	t, ok := ret.(*lua.LTable)
	if !ok {
		return &Error{Module: m.path, Msg: fmt.Sprintf("must return a table of functions, returned %s", ret.Type())}
	}
	for _, fn := range []string{fnSave, fnUpdate, fnGet} {
		if t.RawGetString(fn).Type() != lua.LTFunction {
			return &Error{Module: m.path, Msg: fmt.Sprintf("the returned table has no function %s", fn)}
		}
	}
	m.t = t
	return nil
}

// failed is the error of a call (or of loading, fn "") that raised or was
// stopped.
func (m *module) failed(fn string, err error) error {
	if m.exited != "" {
		return &Error{Module: m.path, Function: fn, Msg: "called " + m.exited + ": a token module cannot end zcrmrun; return a value, or raise an error with error(...)"}
	}
	if ctx := m.L.Context(); ctx != nil && ctx.Err() != nil {
		return ctx.Err() // do says why
	}
	return m.raised(fn, err)
}

// raised turns a Lua error into an *Error carrying the raised value with
// __tostring applied, which includes file:line for error("...").
func (m *module) raised(fn string, err error) error {
	msg := err.Error()
	var ae *lua.ApiError
	if errors.As(err, &ae) && ae.Object != nil {
		ctx := m.L.Context()
		if ctx == nil {
			ctx = context.Background() // Describe still bounds a __tostring
		}
		msg = script.Describe(ctx, m.L, ae.Object, "error object")
	}
	return &Error{Module: m.path, Function: fn, Msg: msg}
}

// call calls the module's function fn with args and returns its first
// result.
func (m *module) call(fn string, args ...lua.LValue) (lua.LValue, error) {
	f, ok := m.t.RawGetString(fn).(*lua.LFunction)
	if !ok {
		return nil, &Error{Module: m.path, Function: fn, Msg: "the module has no such function"}
	}
	m.current.Store(fn)
	if err := m.L.CallByParam(lua.P{Fn: f, NRet: 1, Protect: true}, args...); err != nil {
		return nil, m.failed(fn, err)
	}
	ret := m.L.Get(-1)
	m.L.Pop(1)
	return ret, nil
}

// do runs fn, which calls the module, on the owning
// goroutine and waits for it, at most until the store's timeout or Close.
func (s *Store) do(parent context.Context, fn func(m *module) error) error {
	ctx, cancel := context.WithCancelCause(parent)
	defer cancel(nil)
	defer context.AfterFunc(s.life, func() { cancel(errClosed) })()
	ctx, stop := context.WithTimeoutCause(ctx, s.timeout, &deadline{s.timeout})
	defer stop()
	j := job{ctx: ctx, run: fn, done: make(chan error, 1)}
	select {
	case s.work <- j:
	case <-ctx.Done():
		if parent.Err() == nil && errors.As(context.Cause(ctx), new(*deadline)) {
			return &Error{Module: s.path, Msg: fmt.Sprintf("waited %s for an earlier call to end; gave up", s.timeout)}
		}
		return s.stopped(parent, ctx)
	case <-s.ended:
		return &Error{Module: s.path, Msg: "the store is closed"}
	}
	select {
	case err := <-j.done:
		if err != nil && ctx.Err() != nil {
			return s.stopped(parent, ctx)
		}
		return err
	case <-ctx.Done():
		// The owner stops the module at its next instruction; a call
		// blocked in Go is left to finish on its own.
		return s.stopped(parent, ctx)
	}
}

// stopped says why a call's context ended: the store's deadline, Close, or
// the caller's own context (whose error is returned as it is).
func (s *Store) stopped(parent, ctx context.Context) error {
	name, _ := s.current.Load().(string)
	var d *deadline
	switch cause := context.Cause(ctx); {
	case errors.As(cause, &d) && name == "":
		return &Error{Module: s.path, Msg: fmt.Sprintf("loading it %s (does its top level loop or wait?); stopped it ([tokenstore] timeout)", d)}
	case errors.As(cause, &d):
		return &Error{Module: s.path, Function: name, Msg: d.Error() + "; stopped it ([tokenstore] timeout)"}
	case errors.Is(cause, errClosed):
		return &Error{Module: s.path, Function: name, Msg: "stopped: " + errClosed.Error()}
	}
	if err := parent.Err(); err != nil {
		return err
	}
	return ctx.Err()
}

// Close interrupts the call in flight, stops the owning goroutine and
// closes the Lua state. A call blocked inside Go is waited for only
// briefly, then abandoned with an error.
func (s *Store) Close() error {
	s.close.Do(func() {
		s.stop(errClosed)
		close(s.quit)
	})
	select {
	case <-s.ended:
		return nil
	case <-time.After(closeGrace):
		return &Error{Module: s.path, Msg: fmt.Sprintf("a call was still running %s after the store was closed (blocked outside Lua, e.g. in io.read); abandoned it", closeGrace)}
	}
}

// Path is the module file.
func (s *Store) Path() string { return s.path }

// Location says where the tokens are, for users: the module that keeps
// them.
func (s *Store) Location() string { return "module " + s.path }

// Load implements tokenstore.Store with getOAuthTokens(user_id).
func (s *Store) Load(ctx context.Context, userID string) (tokenstore.Token, error) {
	var t tokenstore.Token
	var found bool
	err := s.do(ctx, func(m *module) (err error) {
		t, found, err = m.get(userID)
		return err
	})
	if err != nil {
		return tokenstore.Token{}, err
	}
	if !found {
		return tokenstore.Token{}, fmt.Errorf("lua token module %s: user %q: %w", s.path, userID, tokenstore.ErrNotFound)
	}
	return t, nil
}

func (m *module) get(userID string) (tokenstore.Token, bool, error) {
	ret, err := m.call(fnGet, lua.LString(userID))
	if err != nil {
		return tokenstore.Token{}, false, err
	}
	return m.token(userID, ret)
}

// Save implements tokenstore.Store. A user the module does not know, or
// whose refresh token changed, goes to saveOAuthTokens, as after the
// seed's grant exchange; a refreshed access token goes to
// updateOAuthTokens, as after the seed's auto-refresh.
func (s *Store) Save(ctx context.Context, t tokenstore.Token) error {
	return s.do(ctx, func(m *module) error {
		old, found, err := m.get(t.UserID)
		if err != nil {
			return err
		}
		fn := fnSave
		if found && old.RefreshToken == t.RefreshToken {
			fn = fnUpdate
		}
		_, err = m.call(fn, m.table(t))
		return err
	})
}

// Delete implements tokenstore.Store with the module's optional
// deleteOAuthTokens(user_id).
func (s *Store) Delete(ctx context.Context, userID string) error {
	return s.do(ctx, func(m *module) error {
		if m.t.RawGetString(fnDelete).Type() != lua.LTFunction {
			return &Error{Module: m.path, Function: fnDelete, Msg: "the module has no deleteOAuthTokens(user_id), so zcrmrun cannot forget a user; add one"}
		}
		_, err := m.call(fnDelete, lua.LString(userID))
		return err
	})
}

// Users implements tokenstore.Lister with the module's optional
// listOAuthUsers(), which returns a list of user ids (the seed has no such
// function, so `zcrmrun auth status` needs it added).
func (s *Store) Users(ctx context.Context) ([]string, error) {
	var users []string
	err := s.do(ctx, func(m *module) error {
		if m.t.RawGetString(fnUsers).Type() != lua.LTFunction {
			return &Error{Module: m.path, Function: fnUsers, Msg: "the module has no listOAuthUsers() returning its user ids, so zcrmrun cannot list them; add one"}
		}
		ret, err := m.call(fnUsers)
		if err != nil {
			return err
		}
		list, ok := ret.(*lua.LTable)
		if !ok {
			return &Error{Module: m.path, Function: fnUsers, Msg: fmt.Sprintf("returned a %s; want a list of user ids", ret.Type())}
		}
		for i := 1; i <= list.Len(); i++ {
			u, ok := list.RawGetInt(i).(lua.LString)
			if !ok {
				return &Error{Module: m.path, Function: fnUsers, Msg: fmt.Sprintf("item %d is a %s; want a user id string", i, list.RawGetInt(i).Type())}
			}
			users = append(users, string(u))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(users)
	return users, nil
}

// Lock implements tokenstore.Locker within the process: what the module
// stores is its own business, so other processes are not coordinated.
func (s *Store) Lock(ctx context.Context, userID string) (func(), error) {
	return s.locks.Lock(ctx, userID)
}

// table builds the seed's save-side token table.
func (m *module) table(t tokenstore.Token) *lua.LTable {
	tb := m.L.NewTable()
	tb.RawSetString("user_identifier", lua.LString(t.UserID))
	tb.RawSetString("access_token", lua.LString(t.AccessToken))
	tb.RawSetString("refresh_token", lua.LString(t.RefreshToken))
	if !t.Expiry.IsZero() {
		tb.RawSetString("expires_in", lua.LNumber(t.Expiry.UnixMilli())) // exact: far below 2^53
	}
	if t.APIDomain != "" {
		tb.RawSetString("api_domain", lua.LString(t.APIDomain))
	}
	return tb
}

// token reads getOAuthTokens' answer: nil (or an empty table) for an
// unknown user, else a table with seed column or save-side names. A list
// holding one such table, as a SQL query returns rows, is accepted too.
func (m *module) token(userID string, v lua.LValue) (tokenstore.Token, bool, error) {
	bad := func(format string, args ...any) (tokenstore.Token, bool, error) {
		return tokenstore.Token{}, false, &Error{Module: m.path, Function: fnGet, Msg: fmt.Sprintf(format, args...)}
	}
	if v == lua.LNil || v == lua.LFalse {
		return tokenstore.Token{}, false, nil
	}
	tb, ok := v.(*lua.LTable)
	if !ok {
		return bad("returned a %s; want a table of tokens or nil", v.Type())
	}
	if row, ok := tb.RawGetInt(1).(*lua.LTable); ok && tb.Len() == 1 {
		tb = row
	}
	t := tokenstore.Token{UserID: userID}
	for _, f := range []struct {
		dst   *string
		names [2]string
	}{
		{&t.AccessToken, [2]string{"accesstoken", "access_token"}},
		{&t.RefreshToken, [2]string{"refreshtoken", "refresh_token"}},
		{&t.APIDomain, [2]string{"apidomain", "api_domain"}},
	} {
		name, val := field(tb, f.names)
		switch val := val.(type) {
		case *lua.LNilType:
		case lua.LString:
			*f.dst = string(val)
		default:
			return bad("field %s is a %s; want a string", name, val.Type())
		}
	}
	name, val := field(tb, [2]string{"expirytime", "expires_in"})
	ms, err := epochMillis(val)
	if err != nil {
		return bad("field %s: %v", name, err)
	}
	if ms > 0 {
		t.Expiry = time.UnixMilli(ms)
	}
	if t.AccessToken == "" && t.RefreshToken == "" && ms == 0 {
		return tokenstore.Token{}, false, nil // {} is how JavaScript modules said "nobody"
	}
	return t, true, nil
}

// field returns the first of names that is set, preferring the seed's
// column name.
func field(tb *lua.LTable, names [2]string) (string, lua.LValue) {
	for _, n := range names {
		if v := tb.RawGetString(n); v != lua.LNil {
			return n, v
		}
	}
	return names[0], lua.LNil
}

func epochMillis(v lua.LValue) (int64, error) {
	switch v := v.(type) {
	case *lua.LNilType:
		return 0, nil
	case lua.LNumber:
		f := float64(v)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, fmt.Errorf("%v is not an epoch time in milliseconds", f)
		}
		return int64(f), nil
	case lua.LString:
		if n, err := strconv.ParseInt(string(v), 10, 64); err == nil {
			return n, nil
		}
		if f, err := strconv.ParseFloat(string(v), 64); err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
			return int64(f), nil
		}
		return 0, fmt.Errorf("%q is not an epoch time in milliseconds", string(v))
	}
	return 0, fmt.Errorf("is a %s; want epoch milliseconds (a number or numeric string)", v.Type())
}
