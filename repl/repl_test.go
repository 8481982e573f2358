package repl_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/luabind"
	"github.com/zcrmrun/zcrmrun/repl"
	"github.com/zcrmrun/zcrmrun/script"
	"github.com/zcrmrun/zcrmrun/session"
)

// sandbox is one seeded emulator shared by the package's tests.
var sandbox *session.Sandbox

func TestMain(m *testing.M) {
	sb, err := session.StartSandbox(context.Background(), "")
	if err != nil {
		panic(err)
	}
	sandbox = sb
	if hist := os.Getenv(historyHelperEnv); hist != "" {
		os.Exit(terminalSession(hist))
	}
	code := m.Run()
	sb.Close()
	os.Exit(code)
}

// ctrlC in scripted input stands for Ctrl-C pressed at the prompt.
const ctrlC = "\x03"

// scripted is a Prompter that types the given lines, then Ctrl-D.
type scripted struct {
	lines     []string
	prompts   []string
	history   []string
	completer repl.Completer
}

func (s *scripted) Prompt(p string) (string, error) {
	s.prompts = append(s.prompts, p)
	if len(s.lines) == 0 {
		return "", io.EOF
	}
	l := s.lines[0]
	s.lines = s.lines[1:]
	if l == ctrlC {
		return "", repl.ErrAborted
	}
	return l, nil
}
func (s *scripted) AppendHistory(l string)        { s.history = append(s.history, l) }
func (s *scripted) SetCompleter(c repl.Completer) { s.completer = c }
func (s *scripted) Close() error                  { return nil }

type session_ struct {
	p          *scripted
	in         *script.Interp
	out, err   bytes.Buffer
	interrupts chan os.Signal
	started    chan struct{}
}

// newSession starts an interpreter with the crm table bound to the
// sandbox and a started() function scripts call to say they are running.
func newSession(t *testing.T, lines ...string) *session_ {
	t.Helper()
	s := &session_{p: &scripted{lines: lines}, interrupts: make(chan os.Signal, 1), started: make(chan struct{}, 10)}
	mod := luabind.NewModule(sandbox.Session(""))
	// The timeout only turns a lost interrupt into a failure instead of a hang.
	env := script.Env{Stdout: &s.out, Stderr: &s.err, Timeout: 20 * time.Second, Setup: func(L *lua.LState) {
		L.SetGlobal("crm", mod.Open(L))
		L.SetGlobal("started", L.NewFunction(func(L *lua.LState) int { s.started <- struct{}{}; return 0 }))
	}}
	s.in = script.NewInterp(env, t.TempDir(), "zcrmrun")
	t.Cleanup(s.in.Close)
	return s
}

func (s *session_) run(t *testing.T) error {
	t.Helper()
	return repl.Run(t.Context(), repl.Options{Prompter: s.p, Interp: s.in, Out: &s.out, Err: &s.err, Interrupts: s.interrupts})
}

func TestExpressionsPrintStatementsDoNot(t *testing.T) {
	s := newSession(t, "1+1", "x = 5", "x * 2", "=x", "nil, 'a', nil", "print('hi')", "local y = 3", "{}", "json.null")
	if err := s.run(t); err != nil {
		t.Fatal(err)
	}
	want := "2\n10\n5\nnil\t\"a\"\tnil\nhi\n{}\nnull\n\n"
	if s.out.String() != want {
		t.Fatalf("got %q, want %q", s.out.String(), want)
	}
	if s.err.Len() != 0 {
		t.Fatalf("stderr %q", s.err.String())
	}
}

func TestMultiLineChunksContinueOnlyWhenIncomplete(t *testing.T) {
	s := newSession(t,
		"for i = 1, 2 do", "  print(i)", "end",
		"function double(a)", "  return a * 2", "end",
		"double(21)",
		"s = [[a", "b]]", "s",
		"crm.records", // an expression that is an incomplete statement must print, not wait
	)
	if err := s.run(t); err != nil {
		t.Fatal(err)
	}
	got := s.out.String()
	if !strings.HasPrefix(got, "1\n2\n42\n\"a\\nb\"\n{") {
		t.Fatalf("output %q", got)
	}
	wantPrompts := []string{"crm> ", "crm>> ", "crm>> ", "crm> ", "crm>> ", "crm>> ", "crm> ", "crm> ", "crm>> ", "crm> ", "crm> ", "crm> "}
	if strings.Join(s.p.prompts, "|") != strings.Join(wantPrompts, "|") {
		t.Fatalf("prompts %q", s.p.prompts)
	}
	// Each physical line is a history entry.
	if len(s.p.history) != 11 || s.p.history[1] != "  print(i)" {
		t.Fatalf("history %q", s.p.history)
	}
}

// A chunk typed with a leading space, and any grant code, stays out of the
// history file.
func TestHistoryLeavesOutSecretsAndSpacedLines(t *testing.T) {
	s := newSession(t, "x = 1", " secret = 'typed with a space'", "pcall(crm.auth.grant, '1000.abc.def')", "x")
	if err := s.run(t); err != nil {
		t.Fatal(err)
	}
	if strings.Join(s.p.history, "|") != "x = 1|x" {
		t.Fatalf("history %q", s.p.history)
	}
}

func TestErrorsKeepTheSessionAlive(t *testing.T) {
	s := newSession(t, "nosuch.field", "error('boom')", "1 +* 2", "crm.records.list({})", "'still here'")
	if err := s.run(t); err != nil {
		t.Fatal(err)
	}
	if s.out.String() != "\"still here\"\n\n" {
		t.Fatalf("stdout %q", s.out.String())
	}
	e := s.err.String()
	for _, want := range []string{"stdin:1: attempt to index", "stdin:1: boom", "stack traceback:", "stdin:1: ", "near '*'", "crm.records.list"} {
		if !strings.Contains(e, want) {
			t.Fatalf("stderr lacks %q:\n%s", want, e)
		}
	}
}

func TestCtrlCAtPromptClearsThePendingChunk(t *testing.T) {
	s := newSession(t, "for i = 1, 2 do", ctrlC, "3")
	if err := s.run(t); err != nil {
		t.Fatal(err)
	}
	if s.out.String() != "3\n\n" || s.p.prompts[2] != "crm> " {
		t.Fatalf("out %q prompts %q", s.out.String(), s.p.prompts)
	}
}

func TestInterruptStopsRunningLoopAndSessionContinues(t *testing.T) {
	s := newSession(t, "n = 0", "started() while true do n = n + 1 end", "n >= 0", "sleep_done = false", "started() sleep(60) sleep_done = true", "sleep_done")
	go func() {
		for range 2 {
			<-s.started
			s.interrupts <- os.Interrupt
		}
	}()
	if err := s.run(t); err != nil {
		t.Fatal(err)
	}
	if s.out.String() != "true\nfalse\n\n" {
		t.Fatalf("stdout %q", s.out.String())
	}
	if strings.Count(s.err.String(), "interrupted\n") != 2 {
		t.Fatalf("stderr %q", s.err.String())
	}
}

func TestOsExitEndsTheSession(t *testing.T) {
	s := newSession(t, "os.exit(3)", "print('not reached')")
	err := s.run(t)
	var exit *script.ExitError
	if !errors.As(err, &exit) || exit.Code != 3 || strings.Contains(s.out.String(), "not reached") {
		t.Fatalf("got %v, %q", err, s.out.String())
	}
}

func TestRecordsPrintIDFirst(t *testing.T) {
	s := newSession(t, `crm.records.list("Leads", {per_page = 1})[1]`)
	if err := s.run(t); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(s.out.String(), "{\n  id = \"") {
		t.Fatalf("got %q", s.out.String())
	}
}

func TestCompletion(t *testing.T) {
	s := newSession(t)
	s.run(t) // installs the completer
	complete := s.p.completer
	head, list, tail := complete("x = crm.rec", len("x = crm.rec"))
	if head != "x = crm." || strings.Join(list, ",") != "records" || tail != "" {
		t.Fatalf("crm.rec: %q %q %q", head, list, tail)
	}
	head, list, _ = complete("crm.records.", len("crm.records."))
	if head != "crm.records." || !contains(list, "list") {
		t.Fatalf("crm.records.: %q %q", head, list)
	}
	head, list, _ = complete("crm.modules.", len("crm.modules."))
	if head != "crm.modules." || strings.Join(list, ",") != "get,list" {
		t.Fatalf("crm.modules.: %q %q", head, list)
	}
	head, list, tail = complete("print(js) -- x", len("print(js"))
	if head != "print(" || strings.Join(list, ",") != "json" || tail != ") -- x" {
		t.Fatalf("globals: %q %q %q", head, list, tail)
	}
	if _, list, _ = complete("nosuch.", 7); len(list) != 0 {
		t.Fatalf("unknown: %q", list)
	}
}

func contains(list []string, s string) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}

// A list of records prints as crm.print_table's columns: the header, a
// rule, one line per record.
func TestRecordListsPrintAsTables(t *testing.T) {
	s := newSession(t, `(crm.records.list("Leads", {per_page = 3, fields = {"Last_Name", "Email"}}))`)
	if err := s.run(t); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(s.out.String(), "\n"), "\n")
	if len(lines) != 5 || !strings.HasPrefix(lines[0], "id ") || !strings.Contains(lines[0], "Email") ||
		!strings.HasPrefix(lines[1], "---") || !strings.Contains(lines[2], "@") {
		t.Fatalf("got:\n%s", s.out.String())
	}
	// Records with many fields show the columns that identify them first,
	// never Zoho's "$" fields, as many as fit the width, and say how many
	// were left out.
	for _, width := range []int{repl.DefaultWidth, 60} {
		var got string
		err := s.in.Eval(t.Context(), `(crm.records.list("Leads", {per_page = 2}))`, "stdin", func(L *lua.LState, vs []lua.LValue) {
			got = repl.Format(t.Context(), L, vs[0], width)
		})
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimRight(got, "\n"), "\n")
		header := strings.Fields(lines[0])
		if len(header) < 2 || header[0] != "id" || header[1] != "Full_Name" || strings.Contains(lines[0], "$") ||
			!strings.Contains(lines[len(lines)-1], "more fields; crm.print_table") {
			t.Fatalf("width %d:\n%s", width, got)
		}
		if width == repl.DefaultWidth && (len(header) < 4 || header[2] != "Email" || header[3] != "Company") {
			t.Fatalf("width %d:\n%s", width, got)
		}
		for _, l := range lines[:len(lines)-1] {
			if n := utf8.RuneCountInString(l); n > width {
				t.Fatalf("width %d: a line of %d:\n%s", width, n, got)
			}
		}
	}
}

func TestFormat(t *testing.T) {
	s := newSession(t)
	cases := map[string]string{
		`{b = 1, a = "x", id = "42"}`:          `{ id = "42", a = "x", b = 1 }`,
		`{1, 2, 3}`:                            `{ 1, 2, 3 }`,
		`json.decode('[1,null,3]')`:            `{ 1, null, 3 }`,
		`{["not a name"] = true, [2] = false}`: `{ [2] = false, ["not a name"] = true }`,
		`(function() local t = {} for i = 1, 25 do t[i] = i end return t end)()`:                          "{\n  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,\n  ... (5 more),\n}",
		`(function() local t = {} t.self = t return t end)()`:                                             `{ self = <cycle> }`,
		`{name = "a fairly long string value here", other = "and another long string value", n = {1, 2}}`: "{\n  n = { 1, 2 },\n  name = \"a fairly long string value here\",\n  other = \"and another long string value\",\n}",
	}
	for src, want := range cases {
		var got string
		err := s.in.Eval(t.Context(), src, "stdin", func(L *lua.LState, vs []lua.LValue) { got = repl.Format(t.Context(), L, vs[0], repl.DefaultWidth) })
		if err != nil || got != want {
			t.Errorf("%s:\ngot  %s\nwant %s (%v)", src, got, want, err)
		}
	}
}

// blocked is a Prompter whose user never types.
type blocked struct{ scripted }

func (b *blocked) Prompt(string) (string, error) { select {} }

func TestEndingContextLeavesAWaitingPrompt(t *testing.T) {
	s := newSession(t)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		done <- repl.Run(ctx, repl.Options{Prompter: &blocked{}, Interp: s.in, Out: &s.out, Err: &s.err})
	}()
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// Top-level locals live on from line to line: the lines typed one by one
// print what the reference lua5.1 prints for the same lines run as one
// script (where the locals are in scope throughout).
func TestTopLevelLocalsOutliveTheirLine(t *testing.T) {
	lua51, err := exec.LookPath("lua5.1")
	if err != nil {
		t.Skip("the reference lua5.1 is not installed (.ci/run installs it)")
	}
	lines := []string{
		`local n = 0`,
		`local function inc() n = n + 1 return n end`,
		`inc(); inc()`,
		`print(n, inc())`,
		`local a, b = 1, 2`,
		`a, b = b, a`,
		`print(a, b)`,
		`local x`,
		`x = 10`,
		`print(x, rawget(_G, "x"))`,
		`y = 7`,
		`print(y, rawget(_G, "y"))`,
		`local s = "outer"`,
		`do local s = "inner" print(s) end`,
		`print(s)`,
		`local t = {} for i = 1, 3 do local v = i * i t[i] = v end`,
		`print(#t, v)`,
		`local function fact(k) if k <= 1 then return 1 end return k * fact(k - 1) end`,
		`print(fact(5))`,
		`local p, q = (function() return 1, 2, 3 end)()`,
		`print(p, q)`,
		`local print = function(...) _G.print("shadowed", ...) end`,
		`print(1, 2)`,
	}
	ref, err := exec.Command(lua51, "-e", strings.Join(lines, "\n")).CombinedOutput()
	if err != nil {
		t.Fatalf("lua5.1: %v\n%s", err, ref)
	}
	s := newSession(t, append(lines, "n")...)
	if err := s.run(t); err != nil {
		t.Fatal(err)
	}
	// The REPL also prints the value of the last line, n.
	got := s.out.String()
	want := string(ref) + "3\n\n"
	if got != want || s.err.Len() != 0 {
		t.Fatalf("got %q, want %q (lua5.1 %q), stderr %q", got, want, ref, s.err.String())
	}
}
