package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestReplEvaluatesPipedLinesAsTyped: with stdin not a terminal the REPL
// evaluates each line as if it were typed (values printed, top-level
// locals kept, errors reported and the session going on), without
// prompts; a failed line makes the exit status 1. `run -` runs stdin as
// one script, as `lua -` does.
func TestReplEvaluatesPipedLinesAsTyped(t *testing.T) {
	var out, errb bytes.Buffer
	c := &cli{stdout: &out, stderr: &errb, stdin: strings.NewReader("1+1\nlocal n = #crm.modules.list()\nn > 0, json.encode(json.decode('{}'))\nos.exit(3)\nprint('not reached')\n")}
	code := c.main(t.Context(), []string{"repl", "--sandbox"})
	if code != 3 || out.String() != "2\ntrue\t\"{}\"\n" {
		t.Fatalf("code %d stdout %q stderr %q", code, out.String(), errb.String())
	}
	out.Reset()
	c.stdin = strings.NewReader("print('a')\nlocal x = nil\nreturn x.y\nprint('b')\n")
	if code := c.main(t.Context(), []string{"repl", "--sandbox"}); code != exitScript || out.String() != "a\nb\n" || !strings.Contains(errb.String(), "stdin:1: attempt to index") {
		t.Fatalf("code %d stdout %q stderr %q", code, out.String(), errb.String())
	}
	// A chunk still open at the end of the input is reported.
	out.Reset()
	errb.Reset()
	c.stdin = strings.NewReader("for i = 1, 2 do\n  print(i)\n")
	if code := c.main(t.Context(), []string{"repl"}); code != exitScript || out.String() != "" || !strings.Contains(errb.String(), "'end' expected") {
		t.Fatalf("code %d stdout %q stderr %q", code, out.String(), errb.String())
	}
	// run - is the whole input as one chunk: the local is in scope on line
	// 2, the error names line 3, arg[0] is "-".
	out.Reset()
	errb.Reset()
	c.stdin = strings.NewReader("local x = 20\nprint(x + 1, arg[0], ...)\nerror('stop')\n")
	if code := c.main(t.Context(), []string{"run", "-", "p", "q"}); code != exitScript || out.String() != "21\t-\tp\tq\n" || !strings.Contains(errb.String(), "stdin:3: stop") {
		t.Fatalf("code %d stdout %q stderr %q", code, out.String(), errb.String())
	}
}

// tmuxSession is the binary running in a real terminal under tmux, on a
// private tmux server.
type tmuxSession struct {
	t      *testing.T
	socket string
}

func (s *tmuxSession) tmux(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v: %s", args, err, out)
	}
	return string(out)
}

func (s *tmuxSession) keys(keys ...string) {
	s.tmux(append([]string{"send-keys", "-t", "repl"}, keys...)...)
}

func (s *tmuxSession) screen() string {
	return s.tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", "repl")
}

// waitFor polls the screen until it satisfies ok. The deadline only stops
// a broken run from hanging; nothing here measures speed.
func (s *tmuxSession) waitFor(what string, ok func(screen string) bool) string {
	s.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		scr := s.screen()
		if ok(scr) {
			return scr
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("waiting for %s; screen:\n%s", what, scr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *tmuxSession) waitText(text string) string {
	s.t.Helper()
	return s.waitFor(`"`+text+`"`, func(scr string) bool { return strings.Contains(scr, text) })
}

// lastLine is the screen's last non-empty line (where the cursor is).
func lastLine(scr string) string {
	lines := strings.Split(strings.TrimRight(scr, "\n "), "\n")
	return strings.TrimRight(lines[len(lines)-1], " ")
}

// inTmux builds the binary and starts shellCmd (with $ZCRMRUN naming the
// binary) in a 120x50 terminal on a private tmux server, or skips the
// test when tmux is missing.
func inTmux(t *testing.T, shellCmd string) *tmuxSession {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (.ci/run installs it); skipping the real-terminal test")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "zcrmrun")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	s := &tmuxSession{t: t, socket: "zcrmrun-test-" + filepath.Base(dir)}
	s.tmux("new-session", "-d", "-s", "repl", "-x", "120", "-y", "50", "ZCRMRUN="+bin+"; "+shellCmd)
	t.Cleanup(func() { exec.Command("tmux", "-L", s.socket, "kill-server").Run() })
	return s
}

func TestReplInRealTerminal(t *testing.T) {
	dir := t.TempDir()
	// Not under t.TempDir: a REPL killed by a failing test may still be
	// writing its history while the test's folders are removed.
	cfgHome, err := os.MkdirTemp("", "zcrmrun-repl-config-*")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(cfgHome) })
	s := inTmux(t, "cd "+dir+" && XDG_CONFIG_HOME="+cfgHome+" $ZCRMRUN repl --sandbox; echo \"repl exited $?\"; stty -a | grep -o ' icanon '; sleep 60")

	s.waitFor("the prompt", func(scr string) bool { return lastLine(scr) == "crm>" })

	// An expression prints its value.
	s.keys("1 + 41", "Enter")
	s.waitFor("42 and a new prompt", func(scr string) bool { return strings.Contains(scr, "\n42\n") && lastLine(scr) == "crm>" })

	// Tab completes crm.rec to crm.records, and the dot typed after it is
	// the only one; two more Tabs on crm.modules. list its functions.
	s.keys("crm.rec", "Tab")
	s.waitFor("crm.records", func(scr string) bool { return lastLine(scr) == "crm> crm.records" })
	s.keys(".conv", "Tab")
	s.waitFor("crm.records.convert", func(scr string) bool { return lastLine(scr) == "crm> crm.records.convert" })
	s.keys("C-u", "crm.modules.", "Tab", "Tab")
	s.waitFor("the function list", func(scr string) bool {
		return strings.Contains(scr, "get") && strings.Contains(scr, "list") && lastLine(scr) == "crm> crm.modules."
	})
	// Ctrl-C at the prompt clears the line.
	s.keys("C-c")
	s.waitFor("a cleared prompt", func(scr string) bool { return lastLine(scr) == "crm>" })

	// Ctrl-C stops a running loop and the prompt comes back.
	s.keys(`print("looping") while true do end`, "Enter")
	s.waitText("\nlooping\n")
	s.keys("C-c")
	s.waitFor("interrupted and a prompt", func(scr string) bool {
		return strings.Contains(scr, "interrupted\n") && lastLine(scr) == "crm>"
	})
	// The session is alive and the state kept.
	s.keys("x = 7", "Enter", "x * 6", "Enter")
	s.waitFor("the state kept", func(scr string) bool { return strings.Count(scr, "\n42\n") == 2 && lastLine(scr) == "crm>" })

	// An iteration's bar ends with the evaluation, even when break left
	// its loop: nothing redraws over the prompt afterwards.
	s.keys(`n = 0 for r in crm.records.iter("Leads", {fields = {"Last_Name"}}) do n = n + 1 if n % 100 == 0 then sleep(0.15) end if n == 700 then break end end`, "Enter")
	s.waitFor("the loop's end", func(scr string) bool {
		return lastLine(scr) == "crm>" && !strings.Contains(scr, "crm.records.iter Leads") && strings.Contains(scr, "n == 700 then break end end")
	})
	time.Sleep(500 * time.Millisecond) // a live spinner redraws every 100 ms
	if scr := s.screen(); lastLine(scr) != "crm>" || strings.Contains(scr, "crm.records.iter Leads") {
		t.Fatalf("a bar outlived its loop:\n%s", scr)
	}

	// Ctrl-R finds an earlier line in history.
	s.keys("C-r", "41")
	s.waitText("(reverse-i-search)`41': 1 + 41")
	s.keys("Enter")
	s.waitFor("the found line run", func(scr string) bool { return strings.Count(scr, "\n42\n") == 3 && lastLine(scr) == "crm>" })

	// Ctrl-D exits with status 0 and the history file is private.
	s.keys("C-d")
	s.waitText("repl exited 0")
	s.waitText(" icanon ") // liner gave the terminal back in canonical mode
	hist := filepath.Join(cfgHome, "zcrmrun", "repl_history")
	st, err := os.Stat(hist)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("history file mode %v, want 0600", st.Mode().Perm())
	}
	data, _ := os.ReadFile(hist)
	if !strings.Contains(string(data), "1 + 41\n") || !strings.Contains(string(data), "x * 6\n") {
		t.Fatalf("history %q", data)
	}
}

// TestWatchInRealTerminal: Ctrl-C in a terminal ends the watcher cleanly,
// with status 0 and the terminal usable.
func TestWatchInRealTerminal(t *testing.T) {
	dir := t.TempDir()
	job := filepath.Join(dir, "job.lua")
	os.WriteFile(job, []byte("-- empty"), 0o644)
	s := inTmux(t, "$ZCRMRUN watch --sandbox "+dir+"; echo \"watch exited $?\"; stty -a | grep -o ' icanon '; sleep 60")
	s.waitText("watching " + dir)
	os.WriteFile(job+".tmp", []byte(`print("from job", #crm.modules.list() > 0)`), 0o644)
	os.Rename(job+".tmp", job)
	s.waitFor("the script output", func(scr string) bool { return strings.Contains(scr, "from job") && strings.Contains(scr, "true") })
	s.waitText(" ok")
	s.keys("C-c")
	s.waitText("watch exited 0")
	s.waitText(" icanon ") // the terminal is back in its normal (canonical) mode
}
