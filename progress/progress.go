// Package progress draws progress bars for long script loops, bulk writes
// and iterations. Bars draw only on an interactive terminal (and not with
// --quiet): output redirected to a file or a CI log stays clean. Drawing
// is delegated to github.com/schollz/progressbar.
package progress

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// Bar is one progress bar. Methods are safe to call on a disabled bar,
// and Done more than once.
type Bar interface {
	Add(n int)
	Set(n int)
	Done()
}

// Bars makes bars that draw on W when Enabled.
type Bars struct {
	W       io.Writer
	Enabled bool
	// Live, when set, keeps every bar made here until it is done, so the
	// owner of a run can end the bars a script left open (a loop left by
	// break or by an error) when the run ends.
	Live *Live
}

// ForStderr returns bars that draw on stderr when it is a terminal and
// quiet is false.
func ForStderr(quiet bool) Bars {
	return Bars{W: os.Stderr, Enabled: !quiet && term.IsTerminal(int(os.Stderr.Fd()))}
}

// New starts a bar; total < 0 means unknown (a spinner with a count).
func (b Bars) New(total int64, label string) Bar {
	return b.NewSince(total, label, time.Now())
}

// NewSince starts a bar for work that began at start: the rate it shows
// is counted from then, so a bar that appears only once the work proves
// long (an iteration past its first page) does not open with the records
// already done divided by no time at all.
func (b Bars) NewSince(total int64, label string, start time.Time) Bar {
	if !b.Enabled || b.W == nil {
		return nop{}
	}
	br := &bar{label: label, start: start, live: b.Live}
	br.pb = progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(b.W),
		progressbar.OptionSetDescription(label),
		progressbar.OptionShowCount(),
		progressbar.OptionThrottle(65_000_000), // redraw at most ~15 times a second
		progressbar.OptionClearOnFinish(),
	)
	b.Live.add(br)
	return br
}

// rateEvery is how often a bar's rate is recomputed.
const rateEvery = 500 * time.Millisecond

type bar struct {
	pb    *progressbar.ProgressBar
	label string
	start time.Time
	live  *Live

	mu       sync.Mutex
	count    int64
	lastRate time.Time
	done     bool
}

func (b *bar) Add(n int) {
	b.mu.Lock()
	b.count += int64(n)
	b.describe()
	b.mu.Unlock()
	b.pb.Add(n)
}

func (b *bar) Set(n int) {
	b.mu.Lock()
	b.count = int64(n)
	b.describe()
	b.mu.Unlock()
	b.pb.Set(n)
}

// describe puts the rate since start in the label; b.mu is held.
func (b *bar) describe() {
	now := time.Now()
	if now.Sub(b.lastRate) < rateEvery {
		return
	}
	b.lastRate = now
	if secs := now.Sub(b.start).Seconds(); secs >= 1 {
		b.pb.Describe(fmt.Sprintf("%s (%.0f rec/s)", b.label, float64(b.count)/secs))
	}
}

func (b *bar) Done() {
	b.mu.Lock()
	already := b.done
	b.done = true
	b.mu.Unlock()
	if already {
		return
	}
	b.pb.Finish()
	b.live.remove(b)
}

type nop struct{}

func (nop) Add(int) {}
func (nop) Set(int) {}
func (nop) Done()   {}

// Live is the set of bars not yet done. A nil *Live keeps nothing.
type Live struct {
	mu   sync.Mutex
	bars map[*bar]struct{}
}

// NewLive returns an empty set.
func NewLive() *Live { return &Live{bars: map[*bar]struct{}{}} }

func (l *Live) add(b *bar) {
	if l == nil {
		return
	}
	l.mu.Lock()
	l.bars[b] = struct{}{}
	l.mu.Unlock()
}

func (l *Live) remove(b *bar) {
	if l == nil {
		return
	}
	l.mu.Lock()
	delete(l.bars, b)
	l.mu.Unlock()
}

// DoneAll ends every bar still drawing, clearing its line.
func (l *Live) DoneAll() {
	if l == nil {
		return
	}
	l.mu.Lock()
	open := make([]*bar, 0, len(l.bars))
	for b := range l.bars {
		open = append(open, b)
	}
	l.mu.Unlock()
	for _, b := range open {
		b.Done()
	}
}
