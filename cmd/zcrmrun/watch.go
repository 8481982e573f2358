package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/zcrmrun/zcrmrun/config"
	"github.com/zcrmrun/zcrmrun/script"
	"github.com/zcrmrun/zcrmrun/watch"
)

func (c *cli) watch(ctx context.Context, args []string) int {
	fs := c.flags("watch", synopses["watch"])
	hf := c.addHostFlags(fs, "each run")
	debounce := durationVar(fs, "debounce", watch.DefaultDebounce, "quiet time `D` that ends a burst of file events")
	initial := fs.Bool("initial", false, "run every script once at start (default: only when saved)")
	if code, ok := c.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(c.stderr, "zcrmrun watch: FOLDER is missing (see 'zcrmrun watch --help')")
		return exitUsage
	}
	h, err := c.connect(ctx, hf)
	if err != nil {
		return c.fail(err)
	}
	defer h.Close()

	// The config is read by runs and replaced by reloads; the watcher runs
	// them one at a time, the lock only keeps the race detector honest.
	var mu sync.Mutex
	cfgFile := h.cfg.Path()
	if cfgFile == "" && *hf.config == "" && !*hf.sandbox {
		cfgFile = config.DefaultPath // saving a new ./config.toml starts using it
	}
	w, err := watch.New(watch.Options{
		Dirs:       fs.Args(),
		ModuleDirs: existing(h.cfg.ScriptPaths()),
		Config:     cfgFile,
		Debounce:   *debounce,
		RunAtStart: *initial,
		Out:        c.notes(),
		Run: func(ctx context.Context, path string) ([]string, error) {
			mu.Lock()
			env := c.scriptEnv(h, *hf.timeout)
			mu.Unlock()
			var required []string
			env.OnRequire = func(p string) { required = append(required, p) }
			// The watcher's line for the run carries the error's first line
			// (with file:line); tracebacks are for `zcrmrun run`.
			err := script.Run(ctx, path, nil, env)
			return required, err
		},
		Reload: func() error {
			mu.Lock()
			defer mu.Unlock()
			return h.reload()
		},
	})
	if err != nil {
		fmt.Fprintln(c.stderr, "zcrmrun:", err)
		return exitUsage
	}
	fmt.Fprintf(c.notes(), "watching %s (Ctrl-C stops)\n", strings.Join(fs.Args(), ", "))
	w.Run(ctx)
	return exitOK
}

// existing keeps the folders that exist, so a configured require path
// that is not there yet does not stop the watcher.
func existing(dirs []string) []string {
	var out []string
	for _, d := range dirs {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			out = append(out, d)
		}
	}
	return out
}
