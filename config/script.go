package config

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Script is the [script] section: the environment scripts run in.
type Script struct {
	// Paths are extra folders require searches after the script's own;
	// relative paths are relative to the config file.
	Paths []string `toml:"paths"`
	// AllowExec turns on os.execute, io.popen and package.loadlib.
	AllowExec bool `toml:"allow_exec"`
	// LogLevel is the lowest level log.* writes (debug, info, warn, error).
	LogLevel string `toml:"log_level"`
	// MaxMemory stops a script whose memory passes it: "512MB", "2GB";
	// empty means no limit.
	MaxMemory string `toml:"max_memory"`
}

// MemoryLimit is MaxMemory in bytes; 0 when unset. Load has checked it.
func (s Script) MemoryLimit() uint64 {
	n, _ := parseBytes(s.MaxMemory)
	return n
}

// parseBytes reads a size such as "512MB" or "2GiB" (KB, MB, GB are
// powers of 1024 here, as memory is counted).
func parseBytes(v string) (uint64, bool) {
	v = strings.TrimSpace(v)
	i := 0
	for i < len(v) && v[i] >= '0' && v[i] <= '9' {
		i++
	}
	n, err := strconv.ParseUint(v[:i], 10, 64)
	if err != nil || n == 0 {
		return 0, false
	}
	unit := map[string]uint64{"B": 1, "KB": 1 << 10, "KIB": 1 << 10, "MB": 1 << 20, "MIB": 1 << 20, "GB": 1 << 30, "GIB": 1 << 30}[strings.ToUpper(strings.TrimSpace(v[i:]))]
	if unit == 0 || n > (1<<63)/unit {
		return 0, false
	}
	return n * unit, true
}

// logLevels are the level names of [script] log_level and --log-level,
// lowest first.
var logLevels = []struct {
	name  string
	level slog.Level
}{{"debug", slog.LevelDebug}, {"info", slog.LevelInfo}, {"warn", slog.LevelWarn}, {"error", slog.LevelError}}

// ParseLogLevel reads a level name (debug, info, warn, error; any case).
func ParseLogLevel(name string) (slog.Level, bool) {
	for _, l := range logLevels {
		if strings.EqualFold(l.name, name) {
			return l.level, true
		}
	}
	return 0, false
}

// ScriptPaths returns [script] paths with relative entries resolved
// against the config file's folder, so require does not depend on the
// working directory.
func (c *Config) ScriptPaths() []string {
	out := make([]string, 0, len(c.Script.Paths))
	for _, p := range c.Script.Paths {
		out = append(out, c.Resolve(p))
	}
	return out
}

// Resolve makes a path from the config usable anywhere: "~/" is the
// user's home, and a relative path is relative to the config file's
// folder (not the working directory, which changes between runs).
func (c *Config) Resolve(p string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	if p != "" && !filepath.IsAbs(p) && c.path != "" {
		return filepath.Join(filepath.Dir(c.path), p)
	}
	return p
}

func (c *Config) checkScript() error {
	if m := c.Script.MaxMemory; m != "" {
		if _, ok := parseBytes(m); !ok {
			return c.errorAt("script.max_memory", fmt.Sprintf("script.max_memory %q must be a size such as \"512MB\" or \"2GB\"", m))
		}
	}
	if l := c.Script.LogLevel; l != "" {
		if _, ok := ParseLogLevel(l); ok && l == strings.ToLower(l) {
			return nil
		}
		return c.errorAt("script.log_level", "script.log_level "+`"`+l+`"`+" is not one of debug, info, warn, error")
	}
	return nil
}
