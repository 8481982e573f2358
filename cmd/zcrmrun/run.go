package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/zcrmrun/zcrmrun/luabind"
	"github.com/zcrmrun/zcrmrun/script"
)

func (c *cli) run(ctx context.Context, args []string) int {
	fs := c.flags("run", "run [--config FILE] [--sandbox] [--user ID] [--verbose] [--timeout D] SCRIPT [ARGS...]")
	hf := addHostFlags(fs, "the script")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(c.stderr, "zcrmrun run: SCRIPT is missing")
		fs.Usage()
		return exitUsage
	}
	path, scriptArgs := fs.Arg(0), fs.Args()[1:]
	if st, err := os.Stat(path); err != nil || st.IsDir() {
		if err == nil {
			err = errors.New("is a directory")
		}
		fmt.Fprintf(c.stderr, "zcrmrun run: script %s: %s\n", path, plainErr(err))
		return exitUsage
	}

	h, err := c.connect(ctx, hf)
	if err != nil {
		return c.fail(err)
	}
	defer h.Close()
	return c.runScript(ctx, c.scriptEnv(h, *hf.timeout), path, scriptArgs)
}

// runScript runs one script in env.
func (c *cli) runScript(ctx context.Context, env script.Env, path string, args []string) int {
	return c.scriptExit(script.Run(ctx, path, args, env))
}

// scriptExit reports a script's error on stderr (with its traceback) and
// returns the exit code for it.
func (c *cli) scriptExit(err error) int {
	var (
		exit *script.ExitError
		syn  *script.SyntaxError
		rt   *script.RuntimeError
	)
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &exit):
		return exit.Code
	case errors.As(err, &syn):
		fmt.Fprintln(c.stderr, syn)
		return exitScript
	case errors.As(err, &rt):
		fmt.Fprintln(c.stderr, rt.Value)
		if tb := strings.TrimSpace(rt.Traceback); tb != "" {
			fmt.Fprintln(c.stderr, tb)
		}
		if luabind.IsConfigError(rt.Raised) {
			return exitUsage
		}
		return exitScript
	}
	fmt.Fprintln(c.stderr, "zcrmrun:", err)
	return exitScript
}

// plainErr drops the "op path:" prefix of *fs.PathError.
func plainErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
