package repl

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/peterh/liner"
)

// ErrAborted is returned by Prompt when the user pressed Ctrl-C at the
// prompt; the REPL drops what was typed and prompts again.
var ErrAborted = errors.New("prompt aborted")

// Completer returns, for line with the cursor at pos, the text before the
// word, the candidates for it, and the text after.
type Completer func(line string, pos int) (head string, completions []string, tail string)

// Prompter reads lines from the user.
type Prompter interface {
	// Prompt shows prompt and returns the line typed: io.EOF at Ctrl-D on
	// an empty line, ErrAborted at Ctrl-C.
	Prompt(prompt string) (string, error)
	// AppendHistory records one entered line.
	AppendHistory(line string)
	// SetCompleter sets tab completion.
	SetCompleter(c Completer)
	// Close saves history and restores the terminal.
	Close() error
}

// Terminal is a Prompter on the process's terminal using liner. The
// terminal is in raw mode only while a prompt is shown and in its normal
// mode while Lua runs, so Ctrl-C is a real SIGINT then and a script that
// reads stdin sees echoed input (the go-ethereum console pattern).
type Terminal struct {
	line        *liner.State
	normal, raw liner.ModeApplier
	history     string
}

// NewTerminal starts line editing with history kept in historyFile
// (created 0600; "" keeps no history).
func NewTerminal(historyFile string) (*Terminal, error) {
	normal, err := liner.TerminalMode()
	if err != nil {
		return nil, err
	}
	t := &Terminal{line: liner.NewLiner(), normal: normal, history: historyFile}
	if t.raw, err = liner.TerminalMode(); err != nil {
		t.line.Close()
		return nil, err
	}
	t.line.SetCtrlCAborts(true)
	t.line.SetTabCompletionStyle(liner.TabPrints)
	t.line.SetMultiLineMode(true)
	if historyFile != "" {
		if f, err := os.Open(historyFile); err == nil {
			// A history file with an over-long or non-UTF-8 line stops
			// reading there; what was read is kept.
			t.line.ReadHistory(f)
			f.Close()
		}
	}
	t.normal.ApplyMode()
	return t, nil
}

// DefaultHistoryFile is <user config dir>/zcrmrun/repl_history.
func DefaultHistoryFile() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "zcrmrun", "repl_history")
}

// Prompt implements Prompter.
func (t *Terminal) Prompt(prompt string) (string, error) {
	if t.raw != nil {
		t.raw.ApplyMode()
		defer t.normal.ApplyMode()
	}
	line, err := t.line.Prompt(prompt)
	switch {
	case errors.Is(err, liner.ErrPromptAborted):
		return "", ErrAborted
	case errors.Is(err, io.EOF):
		return "", io.EOF
	}
	return line, err
}

// AppendHistory implements Prompter; the file is rewritten each time so
// history survives a crash.
func (t *Terminal) AppendHistory(line string) {
	t.line.AppendHistory(line)
	t.saveHistory()
}

func (t *Terminal) saveHistory() {
	if t.history == "" {
		return
	}
	if err := os.MkdirAll(filepath.Dir(t.history), 0o700); err != nil {
		return
	}
	f, err := os.OpenFile(t.history, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return
	}
	defer f.Close()
	f.Chmod(0o600) // an older file may have been created wider
	t.line.WriteHistory(f)
}

// SetCompleter implements Prompter.
func (t *Terminal) SetCompleter(c Completer) {
	t.line.SetWordCompleter(liner.WordCompleter(c))
}

// Close implements Prompter.
func (t *Terminal) Close() error {
	t.saveHistory()
	return t.line.Close()
}

// Lines is a Prompter over input that is not a terminal (a pipe or a
// file): each line is evaluated as if typed, without prompts, history or
// completion.
type Lines struct{ r *bufio.Reader }

// NewLines reads lines from r.
func NewLines(r io.Reader) *Lines { return &Lines{r: bufio.NewReader(r)} }

// Prompt implements Prompter; the prompt is not shown.
func (l *Lines) Prompt(string) (string, error) {
	line, err := l.r.ReadString('\n')
	if err != nil && (line == "" || !errors.Is(err, io.EOF)) {
		return "", err
	}
	return strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r"), nil
}

// AppendHistory implements Prompter: piped input keeps no history.
func (*Lines) AppendHistory(string) {}

// SetCompleter implements Prompter: there is no one to complete for.
func (*Lines) SetCompleter(Completer) {}

// Close implements Prompter.
func (*Lines) Close() error { return nil }
