package watch

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/zcrmrun/zcrmrun/script"
)

// DefaultDebounce is the quiet time that ends a burst of events. Editors
// write a file in several steps within a few milliseconds; 150 ms covers
// them without making the loop feel slow.
const DefaultDebounce = 150 * time.Millisecond

// Options configure a Watcher.
type Options struct {
	// Dirs are the folders to watch, recursively. Every *.lua file in them
	// is a script unless something requires it.
	Dirs []string
	// ModuleDirs are folders of modules (the configured require paths):
	// watched, never run themselves.
	ModuleDirs []string
	// Config is the config file; a change calls Reload. Its folder is
	// watched (not recursively) for it. Empty for none.
	Config string
	// Debounce is the quiet time that ends a burst; 0 means DefaultDebounce.
	Debounce time.Duration
	// RunAtStart runs every script once before waiting for changes.
	RunAtStart bool
	// Run runs one script and returns the files it required.
	Run func(ctx context.Context, script string) (required []string, err error)
	// Reload rereads the config file.
	Reload func() error
	// Out gets one line per run, reload and watch error.
	Out io.Writer
}

// Watcher reruns scripts on change. Create it with New, start it with Run.
type Watcher struct {
	opts    Options
	fsw     *fsnotify.Watcher
	roots   []string // Dirs and ModuleDirs, absolute
	modRoot []string // ModuleDirs, absolute
	config  string   // absolute, or ""
	hashes  map[string][32]byte
	deps    map[string][]string // script -> files it requires
	skipped map[string]string   // file -> why it is no script (reported once)
	missing map[string]bool     // roots deleted or moved away, awaited
}

// New watches opts.Dirs (and subfolders), ModuleDirs and the config
// file's folder. Changes made after New returns are seen.
func New(opts Options) (*Watcher, error) {
	if opts.Debounce <= 0 {
		opts.Debounce = DefaultDebounce
	}
	if opts.Out == nil {
		opts.Out = io.Discard
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	w := &Watcher{opts: opts, fsw: fsw, hashes: map[string][32]byte{}, deps: map[string][]string{},
		skipped: map[string]string{}, missing: map[string]bool{}}
	abs := func(dirs []string) ([]string, error) {
		var out []string
		for _, d := range dirs {
			a, err := filepath.Abs(d)
			if err != nil {
				return nil, err
			}
			st, err := os.Stat(a)
			if err != nil {
				return nil, err
			}
			if !st.IsDir() {
				return nil, fmt.Errorf("%s is not a folder (watch the folder that holds it: saves replace files and a file watch is lost)", d)
			}
			out = append(out, a)
		}
		return out, nil
	}
	fail := func(err error) (*Watcher, error) {
		fsw.Close()
		return nil, fmt.Errorf("watch: %w", err)
	}
	if w.roots, err = abs(opts.Dirs); err != nil {
		return fail(err)
	}
	if w.modRoot, err = abs(opts.ModuleDirs); err != nil {
		return fail(err)
	}
	w.roots = append(w.roots, w.modRoot...)
	for _, r := range w.roots {
		if _, err := w.addTree(r); err != nil {
			return fail(err)
		}
	}
	if opts.Config != "" {
		if w.config, err = filepath.Abs(opts.Config); err != nil {
			return fail(err)
		}
		if err := fsw.Add(filepath.Dir(w.config)); err != nil {
			return fail(err)
		}
		w.hashChanged(w.config)
	}
	w.deps = w.scripts()
	return w, nil
}

// addTree watches dir and its subfolders and returns the *.lua files in
// them that are new or changed since last seen, recording their hashes.
func (w *Watcher) addTree(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // a folder that vanished or cannot be read is not fatal
		}
		if d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return w.fsw.Add(p)
		}
		if isLua(p) && w.hashChanged(p) {
			files = append(files, p)
		}
		return nil
	})
	return files, err
}

// scripts lists the *.lua files under Dirs that are not modules, with
// what each requires (tracked from its last run, else scanned).
func (w *Watcher) scripts() map[string][]string {
	var files []string
	for _, r := range w.roots {
		if w.inModuleDir(r) {
			continue
		}
		filepath.WalkDir(r, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() && p != r && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if err == nil && !d.IsDir() && isLua(p) && script.CheckSource(p) == nil {
				files = append(files, p)
			}
			return nil
		})
	}
	deps := map[string][]string{}
	required := map[string]bool{}
	for _, f := range files {
		d, known := w.deps[f]
		if !known {
			d = w.scanRequires(f)
		}
		deps[f] = d
		for _, m := range d {
			required[m] = true
		}
	}
	for f := range deps {
		if required[f] {
			delete(deps, f)
		}
	}
	return deps
}

// isLua reports whether p is a Lua file an editor really saved.
func isLua(p string) bool {
	base := filepath.Base(p)
	return strings.HasSuffix(base, ".lua") && !strings.HasPrefix(base, ".")
}

// ignored reports editor noise: vim's 4913 write probe, swap files,
// backups and emacs lock files.
func ignored(p string) bool {
	base := filepath.Base(p)
	return base == "4913" || strings.HasSuffix(base, "~") || strings.HasPrefix(base, ".#") ||
		strings.HasSuffix(base, ".swp") || strings.HasSuffix(base, ".swx") || strings.HasSuffix(base, ".swo")
}

func (w *Watcher) inModuleDir(p string) bool {
	for _, m := range w.modRoot {
		if p == m || within(p, m) {
			return true
		}
	}
	return false
}

func (w *Watcher) underRoots(p string) bool {
	for _, r := range w.roots {
		if within(p, r) {
			return true
		}
	}
	return false
}

// isModule reports whether p is a module: under ModuleDirs, or required
// by some script.
func (w *Watcher) isModule(p string) bool {
	if w.inModuleDir(p) {
		return true
	}
	for s, deps := range w.deps {
		if s != p && slices.Contains(deps, p) {
			return true
		}
	}
	return false
}

// hashChanged records p's content hash and reports whether it differs
// from the last one seen. A file that cannot be read did not change; one
// that cannot be a script (a named pipe, a device, over
// script.MaxSourceSize) is reported once and never read, since reading
// a pipe blocks and /dev/zero never ends.
func (w *Watcher) hashChanged(p string) bool {
	data, err := script.ReadSource(p)
	if err != nil {
		var pe *fs.PathError
		if errors.Is(err, script.ErrNotSource) && errors.As(err, &pe) && w.skipped[p] != pe.Err.Error() {
			w.skipped[p] = pe.Err.Error()
			w.note("%s skipped: %s", w.display(p), pe.Err)
		}
		return false
	}
	delete(w.skipped, p)
	h := sha256.Sum256(data)
	old, seen := w.hashes[p]
	w.hashes[p] = h
	return !seen || old != h
}

var requireRE = regexp.MustCompile(`require\s*\(?\s*["']([A-Za-z0-9_.\-/]+)["']`)

// scanRequires finds the files script requires, following modules'
// own requires, by reading require("name") calls. A run replaces this
// guess with what the script really loaded.
func (w *Watcher) scanRequires(main string) []string {
	var out []string
	var visit func(file string)
	visit = func(file string) {
		data, err := script.ReadSource(file)
		if err != nil {
			return
		}
		for _, m := range requireRE.FindAllSubmatch(data, -1) {
			if p := w.resolve(filepath.Dir(main), string(m[1])); p != "" && !slices.Contains(out, p) {
				out = append(out, p)
				visit(p)
			}
		}
	}
	visit(main)
	return out
}

// resolve finds module name the way the script environment does: the
// script's folder first, then the module folders.
func (w *Watcher) resolve(dir, name string) string {
	rel := strings.ReplaceAll(name, ".", string(filepath.Separator))
	for _, d := range append([]string{dir}, w.modRoot...) {
		for _, p := range []string{filepath.Join(d, rel+".lua"), filepath.Join(d, rel, "init.lua")} {
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return p
			}
		}
	}
	return ""
}

// job is one queued piece of work: run a script, or reload the config.
type job struct {
	script string // "" means reload the config
}

type result struct {
	job      job
	required []string
	err      error
	took     time.Duration
}

// Run watches until ctx ends, then stops the running script (through its
// context) and returns once it has.
func (w *Watcher) Run(ctx context.Context) error {
	defer w.fsw.Close()
	var (
		queue   []job
		pending []string // changed paths in this burst, in arrival order
		running bool
		done    = make(chan result, 1)
		timer   = time.NewTimer(time.Hour)
	)
	timer.Stop()
	runCtx, stopRuns := context.WithCancel(context.Background())
	defer stopRuns()
	enqueue := func(j job) {
		if !slices.Contains(queue, j) {
			queue = append(queue, j)
		}
	}
	next := func() {
		if running || len(queue) == 0 {
			return
		}
		j := queue[0]
		queue = queue[1:]
		running = true
		go w.do(runCtx, j, done)
	}
	if w.opts.RunAtStart {
		scripts := slices.Sorted(maps.Keys(w.scripts()))
		for _, s := range scripts {
			enqueue(job{script: s})
		}
		next()
	}
	for {
		select {
		case <-ctx.Done():
			stopRuns()
			if running {
				w.report(<-done)
			}
			return nil
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return nil
			}
			for _, r := range w.followRoots(ev) {
				// Its files count as changed: a root that is back
				// holding what it held before runs nothing.
				if !slices.Contains(pending, r) {
					pending = append(pending, r)
				}
				timer.Reset(w.opts.Debounce)
			}
			if p, ok := w.relevant(ev); ok {
				if !slices.Contains(pending, p) {
					pending = append(pending, p)
				}
				timer.Reset(w.opts.Debounce)
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return nil
			}
			w.note("watch: %v", err)
		case <-timer.C:
			for _, j := range w.jobsFor(pending) {
				if running {
					// Say the save was seen; it runs after the current run.
					w.note("%s queued until the running script ends", w.displayJob(j))
				}
				enqueue(j)
			}
			pending = pending[:0]
			next()
		case r := <-done:
			running = false
			// A run that failed before loading anything keeps the scanned guess.
			if r.job.script != "" && (r.err == nil || len(r.required) > 0) {
				w.deps[r.job.script] = r.required
			}
			w.report(r)
			next()
		}
	}
}

// followRoots notices a watched folder (a root) deleted or moved away,
// and its coming back. inotify drops the watches of a deleted folder, so
// a gone root is reported and its nearest existing ancestor watched
// until a folder of its name is there again; followRoots returns the
// roots that are back, watched again.
func (w *Watcher) followRoots(ev fsnotify.Event) []string {
	p := filepath.Clean(ev.Name)
	if (ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename)) && slices.Contains(w.roots, p) && !w.missing[p] {
		w.missing[p] = true
		// The watches below it went with it, or moved with it and now
		// watch another place under old names.
		for _, d := range w.fsw.WatchList() {
			if d == p || within(d, p) {
				w.fsw.Remove(d)
			}
		}
		w.note("watch: %s is gone (deleted or moved away); watching for it to come back", w.display(p))
	}
	var back []string
	for _, r := range slices.Sorted(maps.Keys(w.missing)) {
		if (r == p || within(r, p)) && w.find(r) {
			delete(w.missing, r)
			w.note("watch: %s is back", w.display(r))
			back = append(back, r)
		}
	}
	return back
}

// find reports whether missing root r is a folder again, watching it if
// so; otherwise it watches r's nearest existing ancestor, whose events
// lead back here.
func (w *Watcher) find(r string) bool {
	for {
		if isDir(r) {
			if err := w.fsw.Add(r); err != nil {
				w.note("watch: %v", err)
				return false
			}
			return true
		}
		a := ancestor(r)
		if err := w.fsw.Add(a); err != nil {
			w.note("watch: %v", err)
			return false
		}
		// What appeared before that watch was in place has no event.
		if !isDir(r) && ancestor(r) == a {
			return false
		}
	}
}

// ancestor is the nearest existing folder above p.
func ancestor(p string) string {
	for {
		parent := filepath.Dir(p)
		if parent == p || isDir(parent) {
			return parent
		}
		p = parent
	}
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// within reports whether p is inside folder dir.
func within(p, dir string) bool {
	return strings.HasPrefix(p, strings.TrimSuffix(dir, string(filepath.Separator))+string(filepath.Separator))
}

// relevant filters one event: it returns the path to consider, adding
// watches for new folders.
func (w *Watcher) relevant(ev fsnotify.Event) (string, bool) {
	p := filepath.Clean(ev.Name)
	if !ev.Has(fsnotify.Create) && !ev.Has(fsnotify.Write) {
		return "", false // Chmod, Remove, Rename (the Create that follows a rename counts)
	}
	if p == w.config {
		return p, true
	}
	if ignored(p) || !w.underRoots(p) {
		return "", false
	}
	if ev.Has(fsnotify.Create) {
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			if strings.HasPrefix(filepath.Base(p), ".") {
				return "", false
			}
			return p, true
		}
	}
	return p, isLua(p)
}

// jobsFor turns a burst's changed paths into work.
func (w *Watcher) jobsFor(paths []string) []job {
	var jobs []job
	add := func(j job) {
		if !slices.Contains(jobs, j) {
			jobs = append(jobs, j)
		}
	}
	var changed []string
	for _, p := range paths {
		if p == w.config {
			if w.hashChanged(p) {
				add(job{})
			}
			continue
		}
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			// Files may have landed in the folder before its watch was added.
			files, err := w.addTree(p)
			if err != nil {
				w.note("watch: %v", err)
			}
			changed = append(changed, files...)
			continue
		}
		if w.hashChanged(p) {
			changed = append(changed, p)
		}
	}
	for _, p := range changed {
		if !w.isModule(p) {
			// A script's requires may have changed with it; its run
			// replaces this guess with what it really loaded.
			w.deps[p] = w.scanRequires(p)
			add(job{script: p})
			continue
		}
		var dependents []string
		for s, deps := range w.deps {
			if _, err := os.Stat(s); err != nil {
				delete(w.deps, s) // the script was deleted or moved away
				continue
			}
			if slices.Contains(deps, p) && !w.inModuleDir(s) {
				dependents = append(dependents, s)
			}
		}
		slices.Sort(dependents)
		for _, s := range dependents {
			add(job{script: s})
		}
	}
	return jobs
}

// do runs one job on its own goroutine; a panic in the host becomes the
// run's error so the watcher survives it.
func (w *Watcher) do(ctx context.Context, j job, done chan<- result) {
	start := time.Now()
	r := result{job: j}
	defer func() {
		if p := recover(); p != nil {
			r.err = fmt.Errorf("panic: %v", p)
		}
		r.took = time.Since(start)
		done <- r
	}()
	if j.script == "" {
		if w.opts.Reload != nil {
			r.err = w.opts.Reload()
		}
		return
	}
	r.required, r.err = w.opts.Run(ctx, j.script)
}

// displayJob names a job's file as display does.
func (w *Watcher) displayJob(j job) string {
	if j.script == "" {
		return w.display(w.config)
	}
	return w.display(j.script)
}

// display names a file relative to the working folder when it is inside
// it.
func (w *Watcher) display(name string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, name); err == nil && !strings.HasPrefix(rel, "..") {
			name = rel
		}
	}
	return name
}

// report prints a run's one line.
func (w *Watcher) report(r result) {
	name := w.displayJob(r.job)
	status := "ok"
	if r.job.script == "" {
		status = "reloaded"
	}
	if r.err != nil {
		status = "error: " + firstLine(r.err.Error())
		if errors.Is(r.err, context.Canceled) {
			status = "stopped"
		}
	}
	w.note("%s %s %s", name, r.took.Round(time.Millisecond), status)
}

// note prints one line on Out, after the time of day.
func (w *Watcher) note(format string, args ...any) {
	fmt.Fprintf(w.opts.Out, "%s %s\n", time.Now().Format(time.TimeOnly), fmt.Sprintf(format, args...))
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
