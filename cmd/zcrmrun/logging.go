package main

import (
	"context"
	"flag"
	"fmt"
	"io"
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
	fs.Func("log-format", "log `FORMAT`: text (default) or json (one object a line, for log collectors: zcrmrun's log, scripts' log.* and errors)", func(v string) error {
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
		return slog.New(slog.NewJSONHandler(c.rawStderr(), opts))
	}
	return slog.New(slog.NewTextHandler(c.rawStderr(), opts))
}

// jsonLines makes each write one JSON log record at level: with
// --log-format json, what zcrmrun prints on stderr as plain text reads
// as log records too, so a collector gets one JSON object a line.
type jsonLines struct {
	raw   io.Writer
	log   *slog.Logger
	level slog.Level
}

func (j *jsonLines) Write(p []byte) (int, error) {
	if msg := strings.TrimRight(string(p), "\n"); msg != "" {
		j.log.Log(context.Background(), j.level, msg)
	}
	return len(p), nil
}

// applyLogFormat runs once flags are parsed. With --log-format json,
// c.stderr from then on turns each line written to it into an ERROR
// record: what commands print there are the errors that end them (a bad
// flag, a missing file, a script's error with its traceback as one
// record). zcrmrun's other stderr output goes through notes.
func (c *cli) applyLogFormat() {
	if _, done := c.stderr.(*jsonLines); done || c.log.format != "json" {
		return
	}
	j := &jsonLines{raw: c.stderr, level: slog.LevelError}
	c.stderr = j
	j.log = c.newLogger(slog.LevelDebug) // on j.raw: rawStderr unwraps j
}

// rawStderr is the process's stderr under any jsonLines.
func (c *cli) rawStderr() io.Writer {
	if j, ok := c.stderr.(*jsonLines); ok {
		return j.raw
	}
	return c.stderr
}

// notes is where zcrmrun writes stderr output that is not an error (the
// dry-run summary, --stats, watch's lines): c.stderr, or with
// --log-format json a writer of INFO records.
func (c *cli) notes() io.Writer {
	if j, ok := c.stderr.(*jsonLines); ok {
		return &jsonLines{raw: j.raw, log: j.log, level: slog.LevelInfo}
	}
	return c.stderr
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
