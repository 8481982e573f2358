package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/zcrmrun/zcrmrun/repl"
	"github.com/zcrmrun/zcrmrun/script"
)

func (c *cli) repl(ctx context.Context, args []string) int {
	fs := c.flags("repl", "repl [--sandbox] [--config FILE] [--user ID] [--timeout D]")
	hf := addHostFlags(fs, "each evaluation")
	if code, ok := c.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(c.stderr, "zcrmrun repl: unexpected argument %q (to run a script use 'zcrmrun run')\n", fs.Arg(0))
		return exitUsage
	}
	h, err := c.connect(ctx, hf)
	if err != nil {
		return c.fail(err)
	}
	defer h.Close()
	in := script.NewInterp(c.scriptEnv(h, *hf.timeout), ".", "zcrmrun")
	defer in.Close()

	stdin := c.stdin
	if stdin == nil {
		stdin = os.Stdin
	}
	if !isTerminal(stdin) {
		// Like `lua -`: the whole input is one script, no prompts.
		src, err := io.ReadAll(stdin)
		if err != nil {
			return c.fail(err)
		}
		return c.scriptExit(in.Exec(ctx, string(src), "stdin"))
	}

	term, err := repl.NewTerminal(repl.DefaultHistoryFile())
	if err != nil {
		return c.fail(err)
	}
	defer term.Close()
	// Ctrl-C belongs to the REPL: it cancels the running evaluation, not
	// the process (main's handler would end the session).
	signal.Reset(os.Interrupt)
	interrupts := make(chan os.Signal, 1)
	signal.Notify(interrupts, os.Interrupt)
	defer signal.Stop(interrupts)
	fmt.Fprintln(c.stdout, "zcrmrun", version, "(Lua 5.1): Tab completes, Ctrl-R searches history, Ctrl-D exits")
	err = repl.Run(ctx, repl.Options{Prompter: term, Interp: in, Out: c.stdout, Err: c.stderr, Interrupts: interrupts})
	var exit *script.ExitError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &exit):
		return exit.Code
	}
	return c.fail(err)
}

// isTerminal reports whether r is a character device (a terminal).
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
