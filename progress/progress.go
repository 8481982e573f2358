// Package progress draws progress bars for long script loops, bulk writes
// and iterations. Bars draw only on an interactive terminal (and not with
// --quiet): output redirected to a file or a CI log stays clean. Drawing
// is delegated to github.com/schollz/progressbar.
package progress

import (
	"io"
	"os"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// Bar is one progress bar. Methods are safe to call on a disabled bar.
type Bar interface {
	Add(n int)
	Set(n int)
	Done()
}

// Bars makes bars that draw on W when Enabled.
type Bars struct {
	W       io.Writer
	Enabled bool
}

// ForStderr returns bars that draw on stderr when it is a terminal and
// quiet is false.
func ForStderr(quiet bool) Bars {
	return Bars{W: os.Stderr, Enabled: !quiet && term.IsTerminal(int(os.Stderr.Fd()))}
}

// New starts a bar; total < 0 means unknown (a spinner with a count).
func (b Bars) New(total int64, label string) Bar {
	if !b.Enabled || b.W == nil {
		return nop{}
	}
	return &bar{pb: progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(b.W),
		progressbar.OptionSetDescription(label),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("rec"),
		progressbar.OptionThrottle(65_000_000), // redraw at most ~15 times a second
		progressbar.OptionClearOnFinish(),
	)}
}

type bar struct{ pb *progressbar.ProgressBar }

func (b *bar) Add(n int) { b.pb.Add(n) }
func (b *bar) Set(n int) { b.pb.Set(n) }
func (b *bar) Done()     { b.pb.Finish() }

type nop struct{}

func (nop) Add(int) {}
func (nop) Set(int) {}
func (nop) Done()   {}
