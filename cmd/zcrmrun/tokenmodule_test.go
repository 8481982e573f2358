package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zcrmrun/zcrmrun/crmsim"
)

// A Lua token module cannot hang or end the host (issue 13 point 17):
// every call into it has a deadline, Close interrupts it, os.exit in it is
// an error of the call, and SIGINT and SIGTERM end zcrmrun whatever it
// does. These run the real binary, since on failure it hangs or exits.

// moduleWorld is an emulator and a directory holding a config whose token
// store is the Lua module written by module.
type moduleWorld struct {
	t            *testing.T
	bin, dir     string
	srv          *crmsim.Server
	id, secret   string
	refreshToken string // a working refresh token for the emulator's admin
}

func newModuleWorld(t *testing.T) *moduleWorld {
	t.Helper()
	w := &moduleWorld{t: t, bin: buildZcrmrun(t), dir: t.TempDir(), srv: crmsim.New(crmsim.Options{})}
	w.srv.Seed(crmsim.SeedCounts{Leads: 3})
	if err := w.srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.srv.Close() })
	w.id, w.secret = w.srv.RegisterClient()
	w.refreshToken = refreshTokenFor(t, w.srv, w.id, w.secret)
	return w
}

// module writes the token module and a config using it, with extra lines
// in [tokenstore], and returns the config's path.
func (w *moduleWorld) module(src, extra string) string {
	w.t.Helper()
	writeFile(w.t, w.dir, "tokens.lua", src)
	return writeFile(w.t, w.dir, "config.toml", "[oauth]\nclient_id = \""+w.id+"\"\nclient_secret = \""+w.secret+"\"\n"+
		"accounts_url = \""+w.srv.URL()+"\"\n[api]\nuser = \"admin\"\n[tokenstore]\nkind = \"lua\"\nmodule = \"tokens.lua\"\n"+extra)
}

// expiredTokens is a module body whose getOAuthTokens answers the world's
// refresh token with a long-expired access token, so the first CRM call
// refreshes and then calls updateOAuthTokens, given here.
func (w *moduleWorld) expiredTokens(update string) string {
	return `local M = {}
function M.saveOAuthTokens(t) end
function M.updateOAuthTokens(t) ` + update + ` end
function M.getOAuthTokens(user_id)
  return { access_token = "1000.old", refresh_token = "` + w.refreshToken + `", expires_in = 1 }
end
function M.listOAuthUsers() return { "admin" } end
return M
`
}

// startedFile is where a module announces that it entered its loop.
func (w *moduleWorld) startedFile() string { return filepath.Join(w.dir, "started") }

func (w *moduleWorld) loopAfterStarted() string {
	return `local f = assert(io.open("` + w.startedFile() + `", "w")) f:close() while true do end`
}

// waitStarted polls for the module's announcement, failing if the process
// ends first.
func (w *moduleWorld) waitStarted(done <-chan hostEnd) {
	w.t.Helper()
	for {
		select {
		case e := <-done:
			w.t.Fatalf("ended before the module looped: exit %d; stderr:\n%s", e.code, tail(e.stderr))
		case <-time.After(10 * time.Millisecond):
		}
		if _, err := os.Stat(w.startedFile()); err == nil {
			return
		}
	}
}

const listLeads = `local r = crm.records.list("Leads", {per_page = 1}) print(#r)`

func TestTokenModuleLoopingAtItsTopLevelIsStopped(t *testing.T) {
	w := newModuleWorld(t)
	cfg := w.module("while true do end\n", "")
	cmd, done := hostRun(t, w.bin, w.dir, listLeads, "--config", cfg, "--timeout", "1s")
	e := waitEnd(t, cmd, done, time.Second+stopBound, "run --timeout 1s")
	if e.code != exitScript || !strings.Contains(e.stderr, "timed out after 1s") {
		t.Errorf("run --timeout 1s: exit %d, want 1 with the timeout; stderr:\n%s", e.code, tail(e.stderr))
	}

	cfg = w.module("while true do end\n", "timeout = \"1s\"\n")
	cmd, done = hostStart(t, w.bin, w.dir, "auth", "status", "--config", cfg)
	e = waitEnd(t, cmd, done, time.Second+stopBound, "auth status")
	if e.code != exitScript || !strings.Contains(e.stderr, "tokens.lua: loading it did not return within 1s") {
		t.Errorf("auth status: exit %d, want 1 naming the module's load; stderr:\n%s", e.code, tail(e.stderr))
	}
}

func TestTokenModuleLoopingInARefreshEndsAtTheTimeoutAndOnSignals(t *testing.T) {
	w := newModuleWorld(t)
	cfg := w.module(w.expiredTokens(w.loopAfterStarted()), "")
	// The run's --timeout ends the script; closing the store then stops the
	// refresh, which runs on for the callers that wait on it.
	cmd, done := hostRun(t, w.bin, w.dir, listLeads, "--config", cfg, "--timeout", "1s")
	e := waitEnd(t, cmd, done, time.Second+stopBound, "run --timeout 1s")
	if e.code != exitScript || !strings.Contains(e.stderr, "timed out after 1s") {
		t.Errorf("run --timeout 1s: exit %d; stderr:\n%s", e.code, tail(e.stderr))
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			os.Remove(w.startedFile())
			cmd, done := hostRun(t, w.bin, w.dir, listLeads, "--config", cfg)
			w.waitStarted(done)
			cmd.Process.Signal(sig)
			e := waitEnd(t, cmd, done, stopBound, sig.String())
			if e.code == exitOK {
				t.Errorf("exit 0 after %s; stderr:\n%s", sig, tail(e.stderr))
			}
		})
	}
}

func TestTokenModuleBlockedOutsideLuaStillEndsOnSignals(t *testing.T) {
	w := newModuleWorld(t)
	// io.read on a pipe nobody writes: no Lua instruction runs, so the
	// module cannot be interrupted; Close abandons it.
	cfg := w.module(w.expiredTokens(`local f = assert(io.open("`+w.startedFile()+`", "w")) f:close() io.read()`), "")
	f := filepath.Join(w.dir, "s.lua")
	writeFile(t, w.dir, "s.lua", listLeads)
	r, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pw.Close()
	defer r.Close()
	cmd, done := hostStartStdin(t, w.bin, w.dir, r, "run", "--config", cfg, f)
	w.waitStarted(done)
	cmd.Process.Signal(syscall.SIGTERM)
	e := waitEnd(t, cmd, done, stopBound, "SIGTERM")
	if e.code == exitOK {
		t.Errorf("exit 0 after SIGTERM; stderr:\n%s", tail(e.stderr))
	}
}

func TestOsExitInATokenModuleIsAnErrorNotTheEnd(t *testing.T) {
	w := newModuleWorld(t)
	cfg := w.module("local M = {}\nfunction M.saveOAuthTokens(t) end\nfunction M.updateOAuthTokens(t) end\n"+
		"function M.getOAuthTokens(user_id) os.exit(9) end\nreturn M\n", "")
	cmd, done := hostRun(t, w.bin, w.dir, listLeads, "--config", cfg)
	e := waitEnd(t, cmd, done, stopBound, "run")
	if e.code != exitScript || !strings.Contains(e.stderr, "getOAuthTokens: called os.exit(9) at ") {
		t.Errorf("os.exit(9) in getOAuthTokens: run exit %d, want 1 naming it; stderr:\n%s", e.code, tail(e.stderr))
	}

	// In updateOAuthTokens: the newly minted token is not saved, and the
	// error says so.
	cfg = w.module(w.expiredTokens("os.exit(9)"), "")
	cmd, done = hostRun(t, w.bin, w.dir, listLeads, "--config", cfg)
	e = waitEnd(t, cmd, done, stopBound, "run")
	if e.code != exitScript || !strings.Contains(e.stderr, "updateOAuthTokens: called os.exit(9)") ||
		!strings.Contains(e.stderr, "did not save it, so it is lost") {
		t.Errorf("os.exit(9) in updateOAuthTokens: run exit %d; stderr:\n%s", e.code, tail(e.stderr))
	}
}
