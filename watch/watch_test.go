package watch_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/zcrmrun/zcrmrun/internal/syncbuf"
	"github.com/zcrmrun/zcrmrun/script"
	"github.com/zcrmrun/zcrmrun/watch"
)

// harness runs a real Watcher over a temp folder, running scripts with the
// real script runtime, and records every run in order.
type harness struct {
	t       *testing.T
	dir     string
	mu      sync.Mutex
	runs    []string // script base names, in run order
	out     bytes.Buffer
	log     syncbuf.Buffer
	ran     chan string
	started chan string
	reloads chan struct{}
	paths   []string // require paths scripts get (Options.ModuleDirs)
	// panicOn makes Run panic for that script, as a host bug would.
	panicOn string
}

func newHarness(t *testing.T, files map[string]string, configure func(*watch.Options)) *harness {
	t.Helper()
	h := &harness{t: t, dir: t.TempDir(), ran: make(chan string, 100), started: make(chan string, 100), reloads: make(chan struct{}, 100)}
	for name, src := range files {
		h.write(name, src)
	}
	h.write("sentinel.lua", "-- 0")
	opts := watch.Options{
		Dirs:     []string{h.dir},
		Debounce: 50 * time.Millisecond,
		Out:      &h.log,
		Run: func(ctx context.Context, path string) ([]string, error) {
			name, _ := filepath.Rel(h.dir, path)
			h.started <- name
			defer func() { h.ran <- name }()
			if name == h.panicOn {
				panic("host bug")
			}
			var required []string
			env := script.Env{Paths: h.paths, Stdout: &h.out, Stderr: &h.out, Timeout: 2 * time.Second, OnRequire: func(p string) { required = append(required, p) }}
			return required, script.Run(ctx, path, nil, env)
		},
		Reload: func() error { h.reloads <- struct{}{}; return nil },
	}
	if configure != nil {
		configure(&opts)
	}
	h.paths = opts.ModuleDirs
	w, err := watch.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { w.Run(ctx); close(stopped) }()
	t.Cleanup(func() { cancel(); <-stopped })
	return h
}

func (h *harness) write(name, src string) {
	h.t.Helper()
	p := filepath.Join(h.dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

// save writes name the way vim, VS Code and JetBrains do: a temp file in
// the same folder renamed over the target.
func (h *harness) save(name, src string) {
	h.t.Helper()
	p := filepath.Join(h.dir, name)
	tmp := p + ".tmp~"
	if err := os.WriteFile(tmp, []byte(src), 0o644); err != nil {
		h.t.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		h.t.Fatal(err)
	}
}

// next waits for the next finished run.
func (h *harness) next() string {
	h.t.Helper()
	select {
	case name := <-h.ran:
		return name
	case <-time.After(10 * time.Second):
		h.t.Fatalf("no run within 10s; log:\n%s", h.log.String())
		return ""
	}
}

// runsUntilSentinel saves sentinel.lua with new content and returns the
// runs that finished before the sentinel's. Events reach the watcher in
// order and runs happen one at a time, so anything the earlier changes
// would cause has run by then: the count is exact, not a timing guess.
func (h *harness) runsUntilSentinel() []string {
	h.t.Helper()
	h.save("sentinel.lua", fmt.Sprintf("-- %d", time.Now().UnixNano()))
	var runs []string
	for {
		name := h.next()
		if name == "sentinel.lua" {
			return runs
		}
		runs = append(runs, name)
	}
}

func count(runs []string, name string) int {
	n := 0
	for _, r := range runs {
		if r == name {
			n++
		}
	}
	return n
}

func TestBurstOfSavesRunsOnceWithFinalContent(t *testing.T) {
	h := newHarness(t, map[string]string{"a.lua": `print("v0")`}, nil)
	for i := 1; i <= 5; i++ {
		h.save("a.lua", fmt.Sprintf(`print("v%d")`, i))
	}
	// A plain in-place write too (two WRITE events: truncate, then data).
	h.write("a.lua", `print("v6")`)
	runs := h.runsUntilSentinel()
	if len(runs) != 1 || runs[0] != "a.lua" {
		t.Fatalf("runs %v, want exactly one of a.lua", runs)
	}
	if got := h.out.String(); got != "v6\n" {
		t.Fatalf("script saw %q, want the final content", got)
	}
	if !strings.Contains(h.log.String(), "a.lua") || !strings.Contains(h.log.String(), " ok\n") {
		t.Fatalf("run line missing: %q", h.log.String())
	}
}

func TestUnchangedSaveDoesNotRerun(t *testing.T) {
	h := newHarness(t, map[string]string{"a.lua": `print("same")`}, nil)
	h.save("a.lua", `print("same")`)
	h.write("a.lua", `print("same")`)
	if runs := h.runsUntilSentinel(); len(runs) != 0 {
		t.Fatalf("runs %v, want none", runs)
	}
}

func TestEditorNoiseAndChmodDoNotRun(t *testing.T) {
	h := newHarness(t, map[string]string{"a.lua": `print(1)`}, nil)
	h.write("4913", "")
	h.write(".a.lua.swp", "swap")
	h.write("a.lua~", "backup")
	h.write(".#a.lua", "lock")
	h.write("notes.txt", "x")
	if err := os.Chmod(filepath.Join(h.dir, "a.lua"), 0o600); err != nil {
		t.Fatal(err)
	}
	if runs := h.runsUntilSentinel(); len(runs) != 0 {
		t.Fatalf("runs %v, want none", runs)
	}
}

func TestNewSubfolderIsWatched(t *testing.T) {
	h := newHarness(t, nil, nil)
	// Folder and file appear together, before the watcher can add the
	// folder: the file must still run.
	h.write("sub/b.lua", `print("b1")`)
	if runs := h.runsUntilSentinel(); count(runs, filepath.Join("sub", "b.lua")) != 1 {
		t.Fatalf("runs %v, want sub/b.lua once", runs)
	}
	// Later saves in the new folder are seen, as are deeper folders.
	h.save("sub/b.lua", `print("b2")`)
	h.write("sub/deeper/c.lua", `print("c1")`)
	runs := h.runsUntilSentinel()
	if count(runs, filepath.Join("sub", "b.lua")) != 1 || count(runs, filepath.Join("sub", "deeper", "c.lua")) != 1 {
		t.Fatalf("runs %v", runs)
	}
}

func TestBrokenScriptIsReportedAndNextSaveWorks(t *testing.T) {
	h := newHarness(t, map[string]string{"a.lua": `print("ok")`}, nil)
	h.save("a.lua", "print('x')\nlocal = 1\n")
	h.runsUntilSentinel()
	log := h.log.String()
	if !strings.Contains(log, "error: "+filepath.Join(h.dir, "a.lua")+":2: ") {
		t.Fatalf("syntax error not reported with file:line: %q", log)
	}
	h.save("a.lua", "local t = nil\nprint(t.x)\n")
	h.runsUntilSentinel()
	if !strings.Contains(h.log.String(), filepath.Join(h.dir, "a.lua")+":2: attempt to index") {
		t.Fatalf("runtime error not reported with file:line: %q", h.log.String())
	}
	h.save("a.lua", `print("fixed")`)
	h.runsUntilSentinel()
	if !strings.HasSuffix(h.out.String(), "fixed\n") {
		t.Fatalf("fixed script did not run: %q", h.out.String())
	}
}

func TestHangingOrPanickingRunDoesNotStopWatcher(t *testing.T) {
	h := newHarness(t, map[string]string{"hang.lua": "", "boom.lua": ""}, nil)
	h.panicOn = "boom.lua"
	h.save("hang.lua", "while true do end")
	h.save("boom.lua", "-- host panics")
	runs := h.runsUntilSentinel()
	if count(runs, "hang.lua") != 1 || count(runs, "boom.lua") != 1 {
		t.Fatalf("runs %v", runs)
	}
	log := h.log.String()
	if !strings.Contains(log, "timed out after 2s") || !strings.Contains(log, "error: panic: host bug") {
		t.Fatalf("log %q", log)
	}
}

func TestModuleChangeRerunsItsDependents(t *testing.T) {
	h := newHarness(t, map[string]string{
		"lib.lua":    `return {v = 1}`,
		"nested.lua": `return require("lib")`,
		"uses.lua":   `print("uses", require("lib").v)`,
		"deep.lua":   `print("deep", require("nested").v)`,
		"other.lua":  `print("other")`,
	}, nil)
	h.save("lib.lua", `return {v = 2}`)
	runs := h.runsUntilSentinel()
	if len(runs) != 2 || count(runs, "uses.lua") != 1 || count(runs, "deep.lua") != 1 {
		t.Fatalf("runs %v, want uses.lua and deep.lua once each (not lib.lua, nested.lua, other.lua)", runs)
	}
	if !strings.Contains(h.out.String(), "uses\t2\n") || !strings.Contains(h.out.String(), "deep\t2\n") {
		t.Fatalf("output %q", h.out.String())
	}
	// After a real run the tracked requires decide: other.lua starts using
	// lib, and a lib save now reruns it too.
	h.save("other.lua", `print("other", require("lib").v)`)
	h.runsUntilSentinel()
	h.save("lib.lua", `return {v = 3}`)
	runs = h.runsUntilSentinel()
	if len(runs) != 3 || count(runs, "other.lua") != 1 {
		t.Fatalf("runs %v, want uses, deep and other once each", runs)
	}
	// A deleted dependent is forgotten, not run.
	if err := os.Remove(filepath.Join(h.dir, "deep.lua")); err != nil {
		t.Fatal(err)
	}
	h.save("lib.lua", `return {v = 4}`)
	runs = h.runsUntilSentinel()
	if len(runs) != 2 || count(runs, "deep.lua") != 0 {
		t.Fatalf("runs %v, want uses and other once each", runs)
	}
}

func TestModuleDirsAreWatchedButNeverRun(t *testing.T) {
	lib := t.TempDir()
	os.WriteFile(filepath.Join(lib, "shared.lua"), []byte(`return {v = 1}`), 0o644)
	h := newHarness(t, map[string]string{"uses.lua": `print(require("shared").v)`}, func(o *watch.Options) { o.ModuleDirs = []string{lib} })
	if err := os.WriteFile(filepath.Join(lib, "shared.lua"), []byte(`return {v = 2}`), 0o644); err != nil {
		t.Fatal(err)
	}
	runs := h.runsUntilSentinel()
	if len(runs) != 1 || runs[0] != "uses.lua" || !strings.HasSuffix(h.out.String(), "2\n") {
		t.Fatalf("runs %v output %q", runs, h.out.String())
	}
}

func TestConfigChangeReloads(t *testing.T) {
	cfgDir := t.TempDir()
	cfg := filepath.Join(cfgDir, "config.toml")
	os.WriteFile(cfg, []byte("[script]\nlog_level = \"info\"\n"), 0o644)
	h := newHarness(t, nil, func(o *watch.Options) { o.Config = cfg })
	if err := os.WriteFile(cfg+".tmp", []byte("[script]\nlog_level = \"debug\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Rename(cfg+".tmp", cfg)
	h.runsUntilSentinel()
	if len(h.reloads) != 1 {
		t.Fatalf("%d reloads, want 1", len(h.reloads))
	}
	// Unchanged content, and other files next to the config, do nothing.
	os.WriteFile(cfg, []byte("[script]\nlog_level = \"debug\"\n"), 0o644)
	os.WriteFile(filepath.Join(cfgDir, "stray.lua"), []byte("print(1)"), 0o644)
	if runs := h.runsUntilSentinel(); len(runs) != 0 || len(h.reloads) != 1 {
		t.Fatalf("runs %v, %d reloads", runs, len(h.reloads))
	}
}

func TestChangesDuringRunAreQueuedAndRunOnce(t *testing.T) {
	h := newHarness(t, map[string]string{"slow.lua": "-- 0"}, nil)
	release := filepath.Join(h.dir, "release")
	// The script holds its run until the test creates the release file (not
	// a .lua file, so the watcher ignores it).
	hold := fmt.Sprintf("while not io.open(%q) do sleep(0.01) end -- ", release)
	h.save("slow.lua", hold+"1")
	if name := <-h.started; name != "slow.lua" {
		t.Fatalf("started %s", name)
	}
	// Two separate bursts during the run: each is reported as queued, and
	// together they give one more run.
	for i, n := range []string{"2", "3"} {
		h.save("slow.lua", hold+n)
		eventually(t, func() bool { return strings.Count(h.log.String(), "slow.lua queued") == i+1 })
	}
	if err := os.WriteFile(release, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	runs := h.runsUntilSentinel()
	if count(runs, "slow.lua") != 2 {
		t.Fatalf("runs %v, want slow.lua twice (the run, then one queued rerun)", runs)
	}
}

// eventually polls cond; the deadline only keeps a broken test from
// hanging.
func eventually(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached within 10s")
		}
	}
}

func TestSingleFileIsRefused(t *testing.T) {
	f := filepath.Join(t.TempDir(), "a.lua")
	os.WriteFile(f, nil, 0o644)
	_, err := watch.New(watch.Options{Dirs: []string{f}, Run: func(context.Context, string) ([]string, error) { return nil, nil }})
	if err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Fatalf("got %v", err)
	}
}

func TestRunAtStart(t *testing.T) {
	h := newHarness(t, map[string]string{"a.lua": `return 1`, "lib.lua": `return 2`, "b.lua": `require("lib")`},
		func(o *watch.Options) { o.RunAtStart = true })
	runs := h.runsUntilSentinel()
	// sentinel.lua is a script too and ran at start; lib.lua is a module.
	if count(runs, "a.lua") != 1 || count(runs, "b.lua") != 1 || count(runs, "lib.lua") != 0 {
		t.Fatalf("runs %v", runs)
	}
}

func TestPipesAndDevicesAreSkippedNeverRead(t *testing.T) {
	// A symlink to a script outside the folder runs; a named pipe (reading
	// it waits for a writer) and a symlink to /dev/zero (it never ends)
	// are reported and never read, at start and when they appear later.
	target := filepath.Join(t.TempDir(), "target.lua")
	if err := os.WriteFile(target, []byte(`print("linked")`), 0o644); err != nil {
		t.Fatal(err)
	}
	mkfifo := func(p string) {
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	symlink := func(target, p string) {
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
	}
	h := newHarness(t, nil, func(o *watch.Options) {
		mkfifo(filepath.Join(o.Dirs[0], "fifo.lua"))
		symlink("/dev/zero", filepath.Join(o.Dirs[0], "zero.lua"))
		symlink(target, filepath.Join(o.Dirs[0], "link.lua"))
		o.RunAtStart = true
	})
	runs := h.runsUntilSentinel()
	if count(runs, "link.lua") != 1 || count(runs, "fifo.lua") != 0 || count(runs, "zero.lua") != 0 {
		t.Fatalf("runs %v, want link.lua once and neither fifo.lua nor zero.lua", runs)
	}
	if h.out.String() != "linked\n" {
		t.Fatalf("output %q", h.out.String())
	}
	mkfifo(filepath.Join(h.dir, "later.lua"))
	symlink("/dev/zero", filepath.Join(h.dir, "zero2.lua"))
	if runs := h.runsUntilSentinel(); len(runs) != 0 {
		t.Fatalf("runs %v, want none", runs)
	}
	log := h.log.String()
	for _, want := range []string{
		"fifo.lua skipped: is a named pipe, not a regular file\n",
		"zero.lua skipped: is a device, not a regular file\n",
		"later.lua skipped: is a named pipe, not a regular file\n",
		"zero2.lua skipped: is a device, not a regular file\n",
	} {
		if strings.Count(log, want) != 1 {
			t.Errorf("log should say %q once:\n%s", want, log)
		}
	}
}

func TestDeletedFolderIsReportedAndWatchedAgainWhenItComesBack(t *testing.T) {
	base := t.TempDir()
	other := filepath.Join(base, "a", "scripts")
	put := func(name, src string) {
		t.Helper()
		if err := os.MkdirAll(other, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(other, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	put("same.lua", `print("same")`)
	h := newHarness(t, nil, func(o *watch.Options) { o.Dirs = append(o.Dirs, other) })
	rel := func(name string) string {
		r, err := filepath.Rel(h.dir, filepath.Join(other, name))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	gone := "watch: " + other + " is gone (deleted or moved away); watching for it to come back\n"
	back := "watch: " + other + " is back\n"

	// Deleted with its parent, then made again, deeper than any watch
	// left: it is reported both ways, and what is new or changed in it runs.
	if err := os.RemoveAll(filepath.Join(base, "a")); err != nil {
		t.Fatal(err)
	}
	h.runsUntilSentinel()
	if strings.Count(h.log.String(), gone) != 1 {
		t.Fatalf("the deletion was not reported:\n%s", h.log.String())
	}
	put("same.lua", `print("same")`)
	put("new.lua", `print("new")`)
	if runs := h.runsUntilSentinel(); len(runs) != 1 || runs[0] != rel("new.lua") {
		t.Fatalf("runs %v, want only %s (same.lua came back unchanged)", runs, rel("new.lua"))
	}
	if strings.Count(h.log.String(), back) != 1 {
		t.Fatalf("the return was not reported:\n%s", h.log.String())
	}
	put("same.lua", `print("saved")`)
	if runs := h.runsUntilSentinel(); len(runs) != 1 || runs[0] != rel("same.lua") {
		t.Fatalf("runs %v, want %s: the folder is watched again", runs, rel("same.lua"))
	}

	// Moved away: edits at the new place run nothing; moved back, the
	// edited script runs.
	if err := os.Rename(other, other+".old"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(other+".old", "new.lua"), []byte(`print("edited")`), 0o644); err != nil {
		t.Fatal(err)
	}
	if runs := h.runsUntilSentinel(); len(runs) != 0 || strings.Count(h.log.String(), gone) != 2 {
		t.Fatalf("runs %v, want none and a second report:\n%s", runs, h.log.String())
	}
	if err := os.Rename(other+".old", other); err != nil {
		t.Fatal(err)
	}
	if runs := h.runsUntilSentinel(); len(runs) != 1 || runs[0] != rel("new.lua") || strings.Count(h.log.String(), back) != 2 {
		t.Fatalf("runs %v, want %s after the move back:\n%s", runs, rel("new.lua"), h.log.String())
	}
	if !strings.HasSuffix(h.out.String(), "edited\n") {
		t.Fatalf("output %q", h.out.String())
	}
}

// BenchmarkSaveToRerun measures the time from an atomic save to the end
// of the rerun it causes, with the default debounce.
func BenchmarkSaveToRerun(b *testing.B) {
	dir := b.TempDir()
	p := filepath.Join(dir, "a.lua")
	os.WriteFile(p, []byte("return 0"), 0o644)
	ran := make(chan struct{}, 1)
	w, err := watch.New(watch.Options{Dirs: []string{dir}, Run: func(ctx context.Context, path string) ([]string, error) {
		err := script.Run(ctx, path, nil, script.Env{})
		ran <- struct{}{}
		return nil, err
	}})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.Run(ctx)
	for i := 0; b.Loop(); i++ {
		os.WriteFile(p+".tmp", fmt.Appendf(nil, "return %d", i+1), 0o644)
		os.Rename(p+".tmp", p)
		<-ran
	}
}
