// Command zcrmrun runs Lua automation scripts against Zoho CRM.
//
// This package is CLI wiring only: it parses flags, loads config, builds a
// session or a sandbox, and maps errors to exit codes (0 ok, 1 the script
// failed, 2 usage or configuration error; README.md has the full table).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/zcrmrun/zcrmrun/config"
)

// Exit codes.
const (
	exitOK     = 0
	exitScript = 1
	exitUsage  = 2
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func main() {
	ctx, cancel := context.WithCancelCause(context.Background())
	stop := stopOnSignals(cancel)
	code := (&cli{stdout: os.Stdout, stderr: os.Stderr}).main(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// signalGrace is how long zcrmrun may take to end after SIGINT or SIGTERM
// before it is made to. The cancelled context stops scripts, CRM calls and
// token modules within milliseconds, but Go code blocked where no context
// reaches (a token module in io.read, a hung filesystem) cannot be, and an
// interrupt must end the process whatever it is doing.
const signalGrace = 1500 * time.Millisecond

// stopOnSignals cancels the commands' context at SIGINT or SIGTERM, with
// the signal as its cause, and ends the process signalGrace later if it
// is still running, with the status a shell gives a process the signal
// killed (130, 143). The REPL takes SIGINT over while it runs (Ctrl-C
// stops the evaluation there). The returned func stops listening.
func stopOnSignals(cancel context.CancelCauseFunc) func() {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		s, ok := (<-sigs).(syscall.Signal)
		if !ok {
			return
		}
		in := &interrupted{sig: s}
		cancel(in)
		time.Sleep(signalGrace)
		fmt.Fprintf(os.Stderr, "zcrmrun: still running %s after %s; exiting\n", signalGrace, in)
		os.Exit(in.exitCode())
	}()
	return func() { signal.Stop(sigs) }
}

// interrupted is the cause of the context when a signal stops zcrmrun,
// so that what was stopped can say so and run can exit as shells expect.
type interrupted struct{ sig syscall.Signal }

func (e *interrupted) Error() string {
	name := map[syscall.Signal]string{syscall.SIGINT: "SIGINT (Ctrl-C)", syscall.SIGTERM: "SIGTERM"}[e.sig]
	if name == "" {
		name = e.sig.String()
	}
	return "interrupted by " + name
}

// Is makes the cause a cancellation for errors.Is, as signal.NotifyContext's is.
func (e *interrupted) Is(target error) bool { return target == context.Canceled }

// exitCode is 128 plus the signal's number: 130 for SIGINT, 143 for SIGTERM.
func (e *interrupted) exitCode() int { return 128 + int(e.sig) }

// interruption is the signal that stopped ctx, or nil.
func interruption(ctx context.Context) *interrupted {
	var in *interrupted
	if errors.As(context.Cause(ctx), &in) {
		return in
	}
	return nil
}

// cli holds the process's streams, so tests run commands in-process
// through exactly the code path the binary uses.
type cli struct {
	stdout, stderr io.Writer
	stdin          io.Reader // nil means os.Stdin
	log            logSettings
}

const usage = `zcrmrun runs Lua automation scripts against Zoho CRM.

Usage:
  zcrmrun run [--config FILE] [--sandbox [--tls] [--faults SPEC]] [--user ID] [--ca-file FILE] [--timeout D] [--quiet] [--verbose] [--dry-run] [--stats] [--max-credits N] [--singleton NAME] SCRIPT|- [ARGS...]
  zcrmrun watch [--config FILE] [--sandbox [--tls] [--faults SPEC]] [--user ID] [--ca-file FILE] [--timeout D] [--quiet] [--verbose] [--debounce D] [--initial] FOLDER...
  zcrmrun repl [--config FILE] [--sandbox [--tls] [--faults SPEC]] [--user ID] [--ca-file FILE] [--timeout D] [--quiet] [--verbose]
  zcrmrun serve [--config FILE] [--sandbox [--tls] [--faults SPEC]] [--user ID] [--ca-file FILE] [--timeout D] [--quiet] [--verbose] [--addr HOST:PORT] [--public-url URL] FOLDER...
  zcrmrun sandbox [--addr HOST:PORT [--allow-remote]] [--json] [--tls] [--state FILE] [--edition NAME] [--leads N] [--latency D] [--faults SPEC]
  zcrmrun auth grant CODE|- [--config FILE] [--user ID] [--ca-file FILE] [--verbose]
  zcrmrun auth import --refresh-token TOKEN|- [--config FILE] [--user ID] [--ca-file FILE] [--verbose]
  zcrmrun auth status [--config FILE]
  zcrmrun auth revoke [--config FILE] [--user ID] [--ca-file FILE] [--verbose]
  zcrmrun init [--dc DC] [DIR]
  zcrmrun version

Every command takes --log-level debug|info|warn|error and --log-format text|json.
Exit codes: 0 ok, 1 the script or command failed, 2 usage or configuration error, n from os.exit(n).
Run 'zcrmrun COMMAND --help' for a command's flags and examples.
`

func (c *cli) main(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(c.stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "run":
		return c.run(ctx, args[1:])
	case "sandbox":
		return c.sandbox(ctx, args[1:])
	case "watch":
		return c.watch(ctx, args[1:])
	case "repl":
		return c.repl(ctx, args[1:])
	case "serve":
		return c.serve(ctx, args[1:])
	case "auth":
		return c.auth(ctx, args[1:])
	case "init":
		return c.init(ctx, args[1:])
	case "version", "--version":
		return c.version(args[1:])
	case "help", "-h", "--help":
		fmt.Fprint(c.stdout, usage)
		return exitOK
	}
	fmt.Fprintf(c.stderr, "zcrmrun: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}

// flags returns a FlagSet that reports errors instead of exiting.
func (c *cli) flags(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// The flag package prints errors and then the whole usage; parse prints
	// one line for an error instead, and the usage only when asked for.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: zcrmrun %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
		if ex := examples[name]; ex != "" {
			fmt.Fprintf(w, "\nExamples:\n%s", ex)
		}
		fmt.Fprint(w, exitCodesHelp)
	}
	c.addLogFlags(fs)
	return fs
}

// parse parses flags; ok is false when the command should return code.
// --help prints the command's usage on stdout; a bad flag gets one line
// on stderr that names it and says where the usage is.
func (c *cli) parse(fs *flag.FlagSet, args []string) (code int, ok bool) {
	err := fs.Parse(args)
	c.applyLogFormat()
	if errors.Is(err, flag.ErrHelp) {
		c.printUsage(fs, c.stdout)
		return exitOK, false
	}
	if err != nil {
		fmt.Fprintf(c.stderr, "zcrmrun %s: %s (see 'zcrmrun %s --help')\n", fs.Name(), flagError(fs, err), fs.Name())
		return exitUsage, false
	}
	return 0, true
}

// printUsage prints a command's usage on w.
func (c *cli) printUsage(fs *flag.FlagSet, w io.Writer) {
	fs.SetOutput(w)
	fs.Usage()
	fs.SetOutput(io.Discard)
}

// fail prints one line for err and returns the exit code its kind calls for.
func (c *cli) fail(err error) int {
	fmt.Fprintln(c.stderr, "zcrmrun:", err)
	var ce *config.Error
	if errors.As(err, &ce) {
		return exitUsage
	}
	return exitScript
}
