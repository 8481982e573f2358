package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/zcrmrun/zcrmrun/crm"
	"github.com/zcrmrun/zcrmrun/english"
	"github.com/zcrmrun/zcrmrun/luabind"
	"github.com/zcrmrun/zcrmrun/script"
	"github.com/zcrmrun/zcrmrun/session"
)

func (c *cli) run(ctx context.Context, args []string) (code int) {
	fs := c.flags("run", synopses["run"])
	hf := c.addHostFlags(fs, "the script")
	dry := fs.Bool("dry-run", false, "send reads but no writes: writes are answered with simulated successes (ids \"dryrun-N\") and summarised on stderr at the end")
	stats := fs.Bool("stats", false, "print calls, API credits spent, retries, 429s, token refreshes and elapsed time on stderr at the end")
	singleton := fs.String("singleton", "", "run only if no other process sharing the token store runs with this `NAME` (MySQL GET_LOCK for a mysql store, a file lock on one host for a file store); otherwise say so and exit 0")
	maxCredits := fs.Int64("max-credits", 0, "stop the script with an error before a call would take the API credits spent past `N` (0: no budget)")
	if code, ok := c.parse(fs, args); !ok {
		return code
	}
	if *maxCredits < 0 {
		fmt.Fprintln(c.stderr, "zcrmrun run: --max-credits must be 0 (no budget) or more")
		return exitUsage
	}
	meter := crm.NewMeter(*maxCredits)
	hf.session = append(hf.session, session.WithMeter(meter))
	var rehearsal *crm.DryRun
	if *dry {
		rehearsal = crm.NewDryRun()
		hf.session = append(hf.session, session.WithDryRun(rehearsal))
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(c.stderr, "zcrmrun run: SCRIPT is missing (see 'zcrmrun run --help')")
		return exitUsage
	}
	path, scriptArgs := fs.Arg(0), fs.Args()[1:]
	// A failure is reported first; then a word on zcrmrun flags that went
	// to the script, as the failure may well come from their absence.
	defer func() {
		if code == exitOK {
			return
		}
		c.noteMisplacedFlags(fs, path, scriptArgs)
		if in := interruption(ctx); in != nil {
			// The script's error said what it was doing; this says why.
			code = in.exitCode()
			fmt.Fprintf(c.stderr, "zcrmrun run: %v; exit %d\n", in, code)
		}
	}()
	if path == "-" {
		// Like `lua -`: the script is stdin, read whole before connecting.
		stdin := c.stdin
		if stdin == nil {
			stdin = os.Stdin
		}
		src, err := io.ReadAll(stdin)
		if err != nil {
			fmt.Fprintf(c.stderr, "zcrmrun run: reading the script from stdin: %s\n", err)
			return exitUsage
		}
		h, err := c.connect(ctx, hf)
		if err != nil {
			return c.fail(err)
		}
		defer h.Close()
		return c.finishRun(c.scriptExit(script.RunSource(ctx, string(src), scriptArgs, c.scriptEnv(h, *hf.timeout))), rehearsal, *stats, meter)
	}
	// Checked before connecting: a named pipe would block the read and
	// /dev/zero would never end it.
	if err := script.CheckSource(path); err != nil {
		fmt.Fprintf(c.stderr, "zcrmrun run: script %s: %s\n", path, plainErr(err))
		return exitUsage
	}

	h, err := c.connect(ctx, hf)
	if err != nil {
		return c.fail(err)
	}
	defer h.Close()
	if *singleton != "" {
		release, ok, err := c.takeSingleton(ctx, h, *singleton)
		if err != nil {
			return c.fail(err)
		}
		if !ok {
			fmt.Fprintf(c.stderr, "zcrmrun run: singleton %q is held by another run; not running %s\n", *singleton, path)
			return exitOK
		}
		defer release()
	}
	code = c.runScript(ctx, c.scriptEnv(h, *hf.timeout), path, scriptArgs)
	return c.finishRun(code, rehearsal, *stats, meter)
}

// noteMisplacedFlags says which of the script's arguments are zcrmrun
// run's flags: after SCRIPT they are the script's, as with lua.
func (c *cli) noteMisplacedFlags(fs *flag.FlagSet, path string, args []string) {
	bad := misplacedFlags(fs, args)
	if len(bad) == 0 {
		return
	}
	what := "it as an argument"
	if len(bad) > 1 {
		what = "them as arguments"
	}
	fmt.Fprintf(c.stderr, "zcrmrun run: note: %s came after SCRIPT, so the script got %s and zcrmrun did not: flags after SCRIPT belong to the script; put zcrmrun's before it (zcrmrun run %s %s ...)\n",
		strings.Join(bad, " "), what, strings.Join(bad, " "), path)
}

// finishRun prints what a run's flags ask for at its end and returns code.
func (c *cli) finishRun(code int, rehearsal *crm.DryRun, stats bool, meter *crm.Meter) int {
	if rehearsal != nil {
		rehearsal.WriteSummary(c.notes())
	}
	if stats {
		writeStats(c.notes(), meter.Stats())
	}
	return code
}

// writeStats prints what a run spent, for --stats.
func writeStats(w io.Writer, s crm.Stats) {
	budget := ""
	if s.Budget > 0 {
		budget = fmt.Sprintf(" of a budget of %d", s.Budget)
	}
	fmt.Fprintf(w, "stats: %s, %s%s, %s, %d answered 429, %s refreshed, %s elapsed\n",
		english.Count(s.Calls, "call"), english.Count(s.Credits, "API credit"), budget, english.Count(s.Retries, "retry"), s.Throttled,
		english.Count(s.Refreshes, "token"), s.Elapsed.Round(time.Millisecond))
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
		// One write: with --log-format json, one record.
		msg := rt.Value
		if tb := strings.TrimSpace(rt.Traceback); tb != "" {
			msg += "\n" + tb
		}
		fmt.Fprintln(c.stderr, msg)
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
