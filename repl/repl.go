package repl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/english"
	"github.com/zcrmrun/zcrmrun/script"
)

// Prompts; the continuation prompt marks an incomplete chunk, as lua's
// ">>" does.
const (
	Prompt         = "crm> "
	PromptContinue = "crm>> "
)

// chunkName names REPL input in error positions ("stdin:1: ...").
const chunkName = "stdin"

// Options configure a REPL session.
type Options struct {
	Prompter Prompter
	Interp   *script.Interp
	Out      io.Writer // values
	Err      io.Writer // errors and tracebacks
	// Interrupts cancel the running evaluation (SIGINT in the binary).
	Interrupts <-chan os.Signal
	// Width returns the output's width in characters, for lists of
	// records; nil or 0 means DefaultWidth.
	Width func() int
	// Piped is set when the lines come from a pipe or file (Lines): no
	// blank line is printed at the end, a chunk left incomplete at the
	// end is reported, and Run returns a *FailedError when any chunk
	// failed, so a shell pipeline sees it.
	Piped bool
}

// FailedError is what Run returns for piped input in which some chunks
// raised or did not compile; each was reported as it happened.
type FailedError struct{ Chunks int }

func (e *FailedError) Error() string {
	return english.Count(e.Chunks, "chunk") + " of the input failed"
}

// Run reads, evaluates and prints until Ctrl-D or ctx ends. It returns
// nil then, or the *script.ExitError of a chunk that called os.exit.
func Run(ctx context.Context, o Options) error {
	o.Prompter.SetCompleter(func(line string, pos int) (string, []string, string) {
		var head, tail string
		var list []string
		o.Interp.Do(func(L *lua.LState) { head, list, tail = Complete(L, line, pos) })
		return head, list, tail
	})
	cur := &running{}
	stop := make(chan struct{})
	defer close(stop)
	go cur.forward(o.Interrupts, stop)
	var chunk []string
	failed := 0
	for ctx.Err() == nil {
		prompt := Prompt
		if len(chunk) > 0 {
			prompt = PromptContinue
		}
		line, err := o.prompt(ctx, prompt)
		switch {
		case errors.Is(err, ErrAborted):
			chunk = nil
			continue
		case errors.Is(err, io.EOF):
			if !o.Piped {
				fmt.Fprintln(o.Out)
				return nil
			}
			if len(chunk) > 0 {
				// What was left open never completed: say why, as a
				// script that ends there would.
				failed++
				o.report(o.Interp.Exec(ctx, strings.Join(chunk, "\n"), chunkName))
			}
			if failed > 0 {
				return &FailedError{Chunks: failed}
			}
			return nil
		case err != nil:
			return err
		}
		chunk = append(chunk, line)
		src := strings.Join(chunk, "\n")
		if strings.TrimSpace(src) == "" {
			chunk = nil
			continue
		}
		if strings.HasPrefix(src, "=") { // Lua 5.1's "=expr"
			src = "return " + src[1:]
		}
		err = o.eval(ctx, src, cur)
		var syn *script.SyntaxError
		if errors.As(err, &syn) && syn.Incomplete() {
			continue
		}
		// Each physical line is its own history entry: liner's history is
		// line-based, and joining lines would break "--" comments.
		if keepInHistory(src) {
			for _, l := range chunk {
				if strings.TrimSpace(l) != "" {
					o.Prompter.AppendHistory(l)
				}
			}
		}
		chunk = nil
		if err != nil {
			var exit *script.ExitError
			if errors.As(err, &exit) {
				return err
			}
			failed++
			o.report(err)
		}
	}
	return nil
}

// prompt reads a line, giving up when ctx ends (SIGTERM): liner cannot be
// interrupted, so the read is left to a goroutine and the caller's Close
// restores the terminal.
func (o Options) prompt(ctx context.Context, prompt string) (string, error) {
	type reply struct {
		line string
		err  error
	}
	got := make(chan reply, 1)
	go func() {
		line, err := o.Prompter.Prompt(prompt)
		got <- reply{line, err}
	}()
	select {
	case r := <-got:
		return r.line, r.err
	case <-ctx.Done():
		return "", io.EOF
	}
}

// running holds the cancel function of the evaluation in progress, so
// one goroutine can forward every interrupt of the session to whichever
// evaluation is running (and drop those that arrive between them).
type running struct {
	mu     sync.Mutex
	cancel context.CancelCauseFunc
}

func (r *running) set(cancel context.CancelCauseFunc) {
	r.mu.Lock()
	r.cancel = cancel
	r.mu.Unlock()
}

func (r *running) forward(interrupts <-chan os.Signal, stop <-chan struct{}) {
	for {
		select {
		case <-interrupts:
			r.mu.Lock()
			if r.cancel != nil {
				r.cancel(errInterrupted)
			}
			r.mu.Unlock()
		case <-stop:
			return
		}
	}
}

// eval runs one chunk; an interrupt while it runs cancels it.
func (o Options) eval(ctx context.Context, src string, cur *running) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	cur.set(cancel)
	defer cur.set(nil)
	return o.Interp.Eval(ctx, src, chunkName, func(L *lua.LState, vals []lua.LValue) {
		width := DefaultWidth
		if o.Width != nil {
			if w := o.Width(); w > 0 {
				width = w
			}
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = Format(ctx, L, v, width)
		}
		sep := "\t"
		if strings.Contains(strings.Join(parts, ""), "\n") {
			sep = "\n" // tabs after a multi-line table would not line up
		}
		fmt.Fprintln(o.Out, strings.Join(parts, sep))
	})
}

var errInterrupted = errors.New("interrupted")

// report prints an evaluation error with its traceback.
func (o Options) report(err error) {
	var rt *script.RuntimeError
	switch {
	case errors.Is(err, errInterrupted):
		fmt.Fprintln(o.Err, "interrupted")
	case errors.As(err, &rt):
		fmt.Fprintln(o.Err, rt.Value)
		if tb := strings.TrimSpace(rt.Traceback); tb != "" {
			fmt.Fprintln(o.Err, tb)
		}
	default:
		fmt.Fprintln(o.Err, err)
	}
}

// secretShape matches Zoho's secrets as they are typed, whatever call
// holds them (an alias of crm.auth, crm["auth"]["grant"], a variable):
// grant codes and access and refresh tokens are "1000." and dot-joined
// hex (1000.<32 hex>.<32 hex> in every Zoho example), client secrets
// 40 or more hex digits.
var secretShape = regexp.MustCompile(`\b1000\.[0-9a-fA-F]+\.[0-9a-fA-F.]*[0-9a-fA-F]|\b1000\.[0-9a-fA-F]{16,}|\b[0-9a-fA-F]{40,}\b`)

// keepInHistory leaves out of the history file what should not outlive
// the session: a chunk typed with a leading space (as shells do with
// HISTCONTROL=ignorespace), any crm.auth.grant call, and any chunk
// holding a secret-shaped string.
func keepInHistory(src string) bool {
	return !strings.HasPrefix(src, " ") && !strings.Contains(src, "auth.grant") && !secretShape.MatchString(src)
}
