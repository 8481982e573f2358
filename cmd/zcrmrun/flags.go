package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// durationFlag is a duration flag of 0 or more whose errors say what a
// duration looks like: the flag package's own says only "parse error",
// and takes "-1s" as a timeout.
type durationFlag struct{ d time.Duration }

func durationVar(fs *flag.FlagSet, name string, value time.Duration, usage string) *time.Duration {
	f := &durationFlag{d: value}
	fs.Var(f, name, usage)
	return &f.d
}

func (f *durationFlag) String() string { return f.d.String() }
func (f *durationFlag) Get() any       { return f.d }

func (f *durationFlag) Set(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil {
		if _, nerr := strconv.ParseFloat(s, 64); nerr == nil {
			return fmt.Errorf("%q is not a duration; use a unit, e.g. %ss", s, s)
		}
		return fmt.Errorf("%q is not a duration; use a number with a unit, such as 500ms, 30s or 2m", s)
	}
	if d < 0 {
		return fmt.Errorf("%q is negative; use 0 or more", s)
	}
	f.d = d
	return nil
}

// flagError rewrites the flag package's `invalid value "v" for flag -name:
// why` as `--name: why`, since the reasons given here quote the value
// already; a bare "parse error" says what the flag takes instead.
func flagError(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	rest, ok := strings.CutPrefix(msg, "invalid value ")
	if !ok {
		rest, ok = strings.CutPrefix(msg, "invalid boolean value ")
		rest = strings.Replace(rest, " for -", " for flag -", 1)
	}
	if !ok {
		return msg
	}
	value, qerr := strconv.QuotedPrefix(rest)
	if qerr != nil {
		return msg
	}
	name, why, ok := strings.Cut(strings.TrimPrefix(rest[len(value):], " for flag -"), ": ")
	if !ok || fs.Lookup(name) == nil {
		return msg
	}
	if why == "parse error" || why == "value out of range" {
		if g, ok := fs.Lookup(name).Value.(flag.Getter); ok {
			switch g.Get().(type) {
			case int, int64, uint, uint64:
				why = value + " is not a whole number"
			case bool:
				why = value + " is not true or false"
			}
		}
	}
	return "--" + name + ": " + why
}

// misplacedFlags are the arguments after SCRIPT that name one of the
// command's own flags: they went to the script, which is seldom meant.
func misplacedFlags(fs *flag.FlagSet, args []string) []string {
	var out []string
	for _, a := range args {
		name, ok := strings.CutPrefix(a, "-")
		if !ok {
			continue
		}
		name = strings.TrimPrefix(name, "-")
		name, _, _ = strings.Cut(name, "=")
		if name != "" && fs.Lookup(name) != nil {
			out = append(out, a)
		}
	}
	return out
}
