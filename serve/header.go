package serve

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// Event is one CRM event a handler takes: a module and an operation
// (create, edit, delete, or all of them).
type Event struct {
	Module string
	Op     string
}

func (e Event) String() string { return e.Module + "." + e.Op }

// Ops are the operations a header may name, and Zoho's notification
// operation for each.
var Ops = map[string]string{"create": "insert", "edit": "update", "delete": "delete"}

// opOf is the header's operation for Zoho's payload operation.
func opOf(zoho string) (string, bool) {
	for op, z := range Ops {
		if z == zoho {
			return op, true
		}
	}
	return "", false
}

// Handler is a script with an `-- on:` or `-- every:` header.
type Handler struct {
	Path string
	// Name is Path relative to the folder it was found in, with slashes:
	// the same on every runner of a fleet, whatever folder each runs from.
	Name   string
	Events []Event // sorted; empty for a schedule-only script
	Every  string  // the every: header as written; "" when none
	// schedule is Every parsed: the next time after a given one.
	schedule cron.Schedule
}

// Takes reports whether h handles op ("create", "edit", "delete") on module.
func (h *Handler) Takes(module, op string) bool {
	return slices.Contains(h.Events, Event{module, op}) || slices.Contains(h.Events, Event{module, "all"})
}

// HeaderError is a bad header line.
type HeaderError struct {
	File string
	Line int
	Msg  string
}

func (e *HeaderError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

var (
	headerLine = regexp.MustCompile(`^--\s*(on|every)\s*:\s*(.*?)\s*$`)
	eventName  = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9_]*)\.([a-z]+)$`)
)

// ParseHeader reads the header of the script at path: the comment lines
// before its first statement (a #! line and blank lines may come first).
// `-- on: Leads.create, Deals.all` (may repeat) names events and
// `-- every: 15m` or `-- every: TZ=Europe/Berlin 0 2 * * *` a schedule.
// It returns nil for a script with neither.
func ParseHeader(path string) (*Handler, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := &Handler{Path: path}
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || (n == 1 && strings.HasPrefix(line, "#!")) {
			continue
		}
		if !strings.HasPrefix(line, "--") {
			break
		}
		m := headerLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		bad := func(format string, a ...any) error {
			return &HeaderError{File: path, Line: n, Msg: fmt.Sprintf(format, a...)}
		}
		switch m[1] {
		case "on":
			names := strings.FieldsFunc(m[2], func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
			if len(names) == 0 {
				return nil, bad("on: names no event (write e.g. `-- on: Leads.create, Deals.all`)")
			}
			for _, name := range names {
				em := eventName.FindStringSubmatch(name)
				if em == nil || (em[2] != "all" && Ops[em[2]] == "") {
					return nil, bad("on: %q is not MODULE.create, MODULE.edit, MODULE.delete or MODULE.all", name)
				}
				if e := (Event{em[1], em[2]}); !slices.Contains(h.Events, e) {
					h.Events = append(h.Events, e)
				}
			}
		case "every":
			if h.Every != "" {
				return nil, bad("every: given twice")
			}
			sched, err := ParseEvery(m[2])
			if err != nil {
				return nil, bad("every: %v", err)
			}
			h.Every, h.schedule = m[2], sched
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(h.Events) == 0 && h.Every == "" {
		return nil, nil
	}
	sort.Slice(h.Events, func(i, j int) bool { return h.Events[i].String() < h.Events[j].String() })
	return h, nil
}

// interval is an `every: 15m` schedule: slots at whole multiples of the
// interval (counted from Go's zero time, as time.Truncate does), so every
// runner agrees on them whenever it started.
type interval time.Duration

func (d interval) Next(t time.Time) time.Time {
	step := time.Duration(d)
	return t.Truncate(step).Add(step)
}

// ParseEvery parses an every: value: a Go duration of at least one second
// ("15m", "1h30m"), or a cron line of five fields with an optional
// TZ=Zone or CRON_TZ=Zone first, or a descriptor such as @daily (parsed by
// robfig/cron; times are in the zone given, else the local one).
func ParseEvery(s string) (cron.Schedule, error) {
	if s == "" {
		return nil, fmt.Errorf("empty (write e.g. `15m` or `0 2 * * *`)")
	}
	if d, err := time.ParseDuration(s); err == nil {
		if d < time.Second {
			return nil, fmt.Errorf("%q is shorter than a second", s)
		}
		return interval(d), nil
	}
	sched, err := cron.ParseStandard(s)
	if err != nil {
		return nil, fmt.Errorf("%q is neither a duration nor a cron line: %v", s, err)
	}
	return sched, nil
}

// Scan finds the handlers in dirs, recursively: every .lua file with a
// header. Scripts without one (libraries, modules) are left out.
func Scan(dirs []string) ([]*Handler, error) {
	var out []*Handler
	for _, dir := range dirs {
		st, err := os.Stat(dir)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("%s is not a folder", dir)
		}
		err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Ext(path) != ".lua" {
				return err
			}
			h, err := ParseHeader(path)
			if h != nil {
				rel, _ := filepath.Rel(dir, path)
				h.Name = filepath.ToSlash(rel)
				out = append(out, h)
			}
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
