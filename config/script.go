package config

import (
	"path/filepath"
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
}

var logLevels = []string{"debug", "info", "warn", "error"}

// ScriptPaths returns [script] paths with relative entries resolved
// against the config file's folder, so require does not depend on the
// working directory.
func (c *Config) ScriptPaths() []string {
	out := make([]string, 0, len(c.Script.Paths))
	for _, p := range c.Script.Paths {
		if !filepath.IsAbs(p) && c.path != "" {
			p = filepath.Join(filepath.Dir(c.path), p)
		}
		out = append(out, p)
	}
	return out
}

func (c *Config) checkScript() error {
	if l := c.Script.LogLevel; l != "" {
		for _, v := range logLevels {
			if v == l {
				return nil
			}
		}
		return c.errorAt("script.log_level", "script.log_level "+`"`+l+`"`+" is not one of "+strings.Join(logLevels, ", "))
	}
	return nil
}
