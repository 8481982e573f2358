package main

import (
	"flag"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"github.com/zcrmrun/zcrmrun/config"
)

// logSettings are --log-level and --log-format, which every command takes.
type logSettings struct {
	level  string // "" means not given: warn for zcrmrun's own log
	format string // text or json
}

// addLogFlags registers --log-level and --log-format on fs; bad values are
// usage errors at parse time.
func (c *cli) addLogFlags(fs *flag.FlagSet) {
	c.log = logSettings{format: "text"}
	fs.Func("log-level", "log `LEVEL`: debug (each HTTP call), info, warn (default: throttling, server errors) or error; also the level of scripts' log.* unless [script] log_level", func(v string) error {
		if _, ok := config.ParseLogLevel(v); !ok {
			return fmt.Errorf("use debug, info, warn or error")
		}
		c.log.level = strings.ToLower(v)
		return nil
	})
	fs.Func("log-format", "log `FORMAT`: text (default) or json (one object a line, for log collectors; scripts' log.* too)", func(v string) error {
		if v != "text" && v != "json" {
			return fmt.Errorf("use text or json")
		}
		c.log.format = v
		return nil
	})
}

// addVerboseFlag registers --verbose, the older spelling of --log-level
// debug: it sets the level itself, so zcrmrun's log and scripts' log.*
// both follow it, as --log-level does (the later of the two flags wins).
func (c *cli) addVerboseFlag(fs *flag.FlagSet) {
	fs.BoolFunc("verbose", "the same as --log-level debug: log each HTTP call (method, path, status, duration) and scripts' log.debug to stderr; secrets are never logged", func(v string) error {
		on, err := strconv.ParseBool(v)
		if on {
			c.log.level = "debug"
		}
		return err
	})
}

// logger is zcrmrun's log on stderr at --log-level (warn by default).
// Nothing secret is logged on purpose; scrubbing token-shaped strings
// guards against accidents.
func (c *cli) logger() *slog.Logger {
	level := slog.LevelWarn
	if l, ok := config.ParseLogLevel(c.log.level); ok {
		level = l
	}
	return c.newLogger(level)
}

func (c *cli) newLogger(level slog.Level) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Value.Kind() == slog.KindString && zohoToken.MatchString(a.Value.String()) {
				return slog.String(a.Key, zohoToken.ReplaceAllString(a.Value.String(), "<redacted>"))
			}
			return a
		}}
	if c.log.format == "json" {
		return slog.New(slog.NewJSONHandler(c.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(c.stderr, opts))
}

// scriptLog is how scripts' log.* write: the level is --log-level when
// given, else [script] log_level; with --log-format json the records go
// through slog as JSON, else they stay plain "LEVEL file:line: message"
// lines.
func (c *cli) scriptLog(configLevel string) (level string, logger *slog.Logger) {
	level = configLevel
	if c.log.level != "" {
		level = c.log.level
	}
	if c.log.format == "json" {
		logger = c.newLogger(slog.LevelDebug) // log.* filters by level itself
	}
	return level, logger
}
