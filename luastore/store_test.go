package luastore_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zcrmrun/zcrmrun/luastore"
	"github.com/zcrmrun/zcrmrun/tokenstore"
)

func open(t *testing.T, name string) *luastore.Store {
	t.Helper()
	s, err := luastore.Open(filepath.Join("testdata", name), 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var ctx = context.Background()

func TestSaveSideNamesRoundTrip(t *testing.T) {
	s := open(t, "savenames.lua")
	if _, err := s.Load(ctx, "nobody"); !errors.Is(err, tokenstore.ErrNotFound) {
		t.Fatalf("nil answer: %v, want ErrNotFound", err)
	}
	in := tokenstore.Token{UserID: "alice", AccessToken: "1000.a.1", RefreshToken: "1000.r.1", Expiry: time.UnixMilli(1795888039040), APIDomain: "https://www.zohoapis.eu"}
	if err := s.Save(ctx, in); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load(ctx, "alice")
	if err != nil || !reflect.DeepEqual(got, in) {
		t.Fatalf("Load = %v, %v; want %v", got, err, in)
	}
	// Same refresh token: the module's updateOAuthTokens runs, which in this
	// module keeps api_domain and rejects unknown users.
	in.AccessToken, in.Expiry = "1000.a.2", time.UnixMilli(1795888099999)
	if err := s.Save(ctx, in); err != nil {
		t.Fatal(err)
	}
	if got, _ = s.Load(ctx, "alice"); !reflect.DeepEqual(got, in) {
		t.Fatalf("after update Load = %v, want %v", got, in)
	}
	if err := s.Save(ctx, tokenstore.Token{UserID: "zed", RefreshToken: "1000.r.z"}); err != nil {
		t.Fatal(err)
	}
	if users, err := s.Users(ctx); err != nil || !reflect.DeepEqual(users, []string{"alice", "zed"}) {
		t.Fatalf("Users = %q, %v", users, err)
	}
	if err := s.Delete(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(ctx, "alice"); !errors.Is(err, tokenstore.ErrNotFound) {
		t.Fatalf("after Delete: %v", err)
	}
}

func TestSeedColumnNamesWithIOAndRequire(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("ZCRMRUN_TEST_TOKEN_DIR", dir)
	s := open(t, "columns.lua")
	user := "bob's \"account\""
	in := tokenstore.Token{UserID: user, AccessToken: "1000.a.1", RefreshToken: "1000.r.1", Expiry: time.UnixMilli(1795888039040)}
	if err := s.Save(ctx, in); err != nil {
		t.Fatal(err)
	}
	in.AccessToken = "1000.a.2"
	if err := s.Save(ctx, in); err != nil { // refresh: update
		t.Fatal(err)
	}
	in.RefreshToken = "1000.r.2"
	if err := s.Save(ctx, in); err != nil { // new grant: save
		t.Fatal(err)
	}
	got, err := s.Load(ctx, user)
	if err != nil || !reflect.DeepEqual(got, in) {
		t.Fatalf("Load = %v, %v; want %v", got, err, in)
	}
	log, err := os.ReadFile(filepath.Join(dir, "calls.log"))
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("save %s\nupdate %s\nsave %s\n", user, user, user)
	if string(log) != want {
		t.Fatalf("module calls:\n%s\nwant:\n%s", log, want)
	}
}

func TestModuleErrorsAreReported(t *testing.T) {
	s := open(t, "raising.lua")
	_, err := s.Load(ctx, "carol")
	var le *luastore.Error
	if !errors.As(err, &le) || le.Function != "getOAuthTokens" ||
		!strings.Contains(err.Error(), "token backend unreachable for carol") || !strings.Contains(err.Error(), "raising.lua:") {
		t.Fatalf("Load error = %v; want the module's message with file:line", err)
	}
	if errors.Is(err, tokenstore.ErrNotFound) {
		t.Fatal("a raising module must not look like an unknown user")
	}
	if _, err := s.Load(ctx, "table-error"); err == nil || !strings.Contains(err.Error(), "structured failure E42") {
		t.Fatalf("error object with __tostring: %v", err)
	}
	err = s.Save(ctx, tokenstore.Token{UserID: "carol", RefreshToken: "r"})
	if err == nil || !strings.Contains(err.Error(), "token backend unreachable") {
		t.Fatalf("Save error = %v", err)
	}
	if err := s.Delete(ctx, "carol"); err == nil || !strings.Contains(err.Error(), "deleteOAuthTokens") {
		t.Fatalf("Delete without deleteOAuthTokens: %v", err)
	}
	if _, err := s.Users(ctx); err == nil || !strings.Contains(err.Error(), "listOAuthUsers") {
		t.Fatalf("Users without listOAuthUsers: %v", err)
	}
}

func TestBadRepliesAreErrors(t *testing.T) {
	s := open(t, "badreply.lua")
	for user, want := range map[string]string{
		"string": "returned a string",
		"number": "field access_token is a number",
		"expiry": `field expires_in: "tomorrow"`,
	} {
		if _, err := s.Load(ctx, user); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Load(%q) error = %v, want %q", user, err, want)
		}
	}
	if _, err := s.Load(ctx, "empty"); !errors.Is(err, tokenstore.ErrNotFound) {
		t.Errorf("{} answer: %v, want ErrNotFound", err)
	}
}

func TestBadModulesFailToOpen(t *testing.T) {
	for file, want := range map[string]string{
		"syntax.lua": "syntax.lua:",
		"absent.lua": "no such file",
	} {
		_, err := luastore.Open(filepath.Join("testdata", file), 0)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), file) {
			t.Errorf("Open(%s) error = %v, want %q", file, err, want)
		}
	}
	// These load on first use: every call fails naming the file.
	for file, want := range map[string]string{
		"notable.lua": "must return a table of functions, returned string",
		"missing.lua": "no function updateOAuthTokens",
	} {
		s := open(t, file)
		for range 2 {
			_, err := s.Load(ctx, "u")
			if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), file) {
				t.Errorf("%s: Load error = %v, want %q", file, err, want)
			}
		}
	}
}

// os.exit in a module is an error of the call that ran it, naming the
// call and the line; the host and the store go on (gopher-lua's own
// os.exit ends the process on the spot, issue 13 point 17). A pcall in the
// module cannot swallow it.
func TestOsExitInAModuleIsAnErrorOfTheCall(t *testing.T) {
	s := open(t, "exiting.lua")
	_, err := s.Load(ctx, "get")
	var le *luastore.Error
	if !errors.As(err, &le) || le.Function != "getOAuthTokens" || !strings.Contains(err.Error(), "os.exit(9) at ") ||
		!strings.Contains(err.Error(), "exiting.lua:") {
		t.Fatalf("os.exit(9) in getOAuthTokens: %v; want an error of getOAuthTokens naming os.exit(9) and its line", err)
	}
	if _, err := s.Load(ctx, "pcall"); err == nil || !strings.Contains(err.Error(), "os.exit(3)") {
		t.Fatalf("os.exit(3) inside pcall: %v; want an error naming os.exit(3)", err)
	}
	err = s.Save(ctx, tokenstore.Token{UserID: "known", AccessToken: "1000.a.2", RefreshToken: "1000.r.1"})
	if !errors.As(err, &le) || le.Function != "updateOAuthTokens" || !strings.Contains(err.Error(), "os.exit(true)") {
		t.Fatalf("os.exit(true) in updateOAuthTokens: %v", err)
	}
	if _, err := s.Load(ctx, "known"); err != nil { // the state works after
		t.Fatalf("Load after the exits: %v", err)
	}
}

// A module that loops at its top level, or in a call, is stopped at the
// store's timeout with an error naming what did not return; the next call
// is served (issue 13 point 17).
func TestLoopingModuleIsStoppedAtTheTimeout(t *testing.T) {
	s, err := luastore.Open(filepath.Join("testdata", "looping.lua"), 200*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Load(ctx, "loop"); err == nil || !strings.Contains(err.Error(), "getOAuthTokens: did not return within 200ms") {
		t.Fatalf("looping getOAuthTokens: %v", err)
	}
	if _, err := s.Load(ctx, "nobody"); !errors.Is(err, tokenstore.ErrNotFound) {
		t.Fatalf("the call after a stopped one: %v", err)
	}
	top, err := luastore.Open(filepath.Join("testdata", "looptop.lua"), 200*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer top.Close()
	if _, err := top.Users(ctx); err == nil || !strings.Contains(err.Error(), "loading it did not return within 200ms") {
		t.Fatalf("module looping at its top level: %v", err)
	}
	// The caller's own deadline counts too, and is returned as it is.
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := top.Users(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("under the caller's deadline: %v", err)
	}
}

// Close interrupts a call in flight: the caller gets an error saying the
// store was closed, and Close returns (issue 13 point 17: main waited in
// Close for ever behind a looping updateOAuthTokens).
func TestCloseInterruptsACallInFlight(t *testing.T) {
	s, err := luastore.Open(filepath.Join("testdata", "looping.lua"), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	started := filepath.Join(t.TempDir(), "started")
	t.Setenv("ZCRMRUN_TEST_STARTED", started)
	errc := make(chan error, 1)
	go func() { _, err := s.Load(ctx, "loop"); errc <- err }()
	for { // the module writes the file as it enters its loop
		if _, err := os.Stat(started); err == nil {
			break
		}
		runtime.Gosched()
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := <-errc; err == nil || !strings.Contains(err.Error(), "closed") {
		t.Fatalf("the interrupted call: %v", err)
	}
}

// The module is plain Lua with no locking: the store must serialise calls
// from many goroutines (the race detector watches the Lua state).
func TestConcurrentCallsAreSerialised(t *testing.T) {
	s := open(t, "savenames.lua")
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			user := fmt.Sprint("user", i%5)
			errs <- s.Save(ctx, tokenstore.Token{UserID: user, AccessToken: fmt.Sprint("a", i), RefreshToken: "r", Expiry: time.UnixMilli(1795888039040)})
			_, err := s.Load(ctx, user)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestClosedStore(t *testing.T) {
	s := open(t, "savenames.lua")
	s.Close()
	if _, err := s.Load(ctx, "x"); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Fatalf("Load after Close: %v", err)
	}
}
