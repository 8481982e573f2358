package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/config"
	"github.com/zcrmrun/zcrmrun/luabind"
	"github.com/zcrmrun/zcrmrun/progress"
	"github.com/zcrmrun/zcrmrun/script"
	"github.com/zcrmrun/zcrmrun/session"
)

func (c *cli) run(ctx context.Context, args []string) int {
	fs := c.flags("run", "run [--config FILE] [--sandbox] [--user ID] [--verbose] SCRIPT [ARGS...]")
	cfgPath := fs.String("config", "", "config file (default ./config.toml when present)")
	sandbox := fs.Bool("sandbox", false, "run against a seeded in-process emulator; config tokens and CRM are not touched")
	user := fs.String("user", "", "user identifier to act as (default [api] user)")
	quiet := fs.Bool("quiet", false, "draw no progress bars")
	verbose := fs.Bool("verbose", false, "log each HTTP call (method, path, status, duration) to stderr; secrets are never logged")
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

	var sess *session.Session
	if *sandbox {
		sb, err := session.StartSandbox(ctx, "")
		if err != nil {
			return c.fail(err)
		}
		defer sb.Close()
		sess = sb.Session(*user, session.WithLogger(c.logger(*verbose)))
	} else {
		cfg, err := config.LoadDefault(*cfgPath)
		if err != nil {
			return c.fail(err)
		}
		sess = session.New(cfg, *user, session.WithLogger(c.logger(*verbose)))
	}
	return c.runScript(ctx, sess, path, scriptArgs, progress.ForStderr(*quiet))
}

// runScript runs one script with the crm module bound to sess.
func (c *cli) runScript(ctx context.Context, sess *session.Session, path string, args []string, bars progress.Bars) int {
	mod := luabind.NewModule(sess)
	mod.Stdout = c.stdout
	mod.Users = func(id string) (luabind.Connection, error) { return sess.As(id), nil }
	env := script.Env{Stdout: c.stdout, Stderr: c.stderr, Setup: func(L *lua.LState) {
		global := func(name string, v lua.LValue) {
			L.SetGlobal(name, v)
			L.PreloadModule(name, func(L *lua.LState) int { L.Push(v); return 1 })
		}
		global("crm", mod.Open(L))
		global("csv", luabind.CSV{}.Open(L))
		L.SetGlobal("progress", luabind.Progress{Bars: bars}.Open(L))
	}}
	err := script.Run(ctx, path, args, env)
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
