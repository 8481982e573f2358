package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"

	"golang.org/x/term"

	"github.com/zcrmrun/zcrmrun/repl"
	"github.com/zcrmrun/zcrmrun/script"
)

func (c *cli) repl(ctx context.Context, args []string) int {
	fs := c.flags("repl", synopses["repl"])
	hf := c.addHostFlags(fs, "each evaluation")
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
		// Piped input is evaluated line by line as if typed, values
		// printed, without prompts; `zcrmrun run -` runs it as one script.
		err := repl.Run(ctx, repl.Options{Prompter: repl.NewLines(stdin), Interp: in, Out: c.stdout, Err: c.stderr, Piped: true})
		var failed *repl.FailedError
		if errors.As(err, &failed) {
			return exitScript
		}
		return c.scriptExit(err)
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
	err = repl.Run(ctx, repl.Options{Prompter: term, Interp: in, Out: c.stdout, Err: c.stderr, Interrupts: interrupts, Width: c.stdoutWidth})
	var exit *script.ExitError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &exit):
		return exit.Code
	}
	return c.fail(err)
}

// stdoutWidth is the terminal's width, or 0 when stdout is not one.
func (c *cli) stdoutWidth() int {
	f, ok := c.stdout.(*os.File)
	if !ok {
		return 0
	}
	w, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return w
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
