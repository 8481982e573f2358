package config_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zcrmrun/zcrmrun/config"
)

// [api] edition sets the calls in flight to Zoho's limit for it;
// concurrency overrides the edition; a bad value names key and line.
func TestAPIEditionAndConcurrency(t *testing.T) {
	for _, c := range []struct {
		lines string
		calls int
		bad   string // the key the error must name
	}{
		{"", 0, ""},
		{"edition = \"free\"", 5, ""},
		{"edition = \"Professional\"", 15, ""},
		{"edition = \"ultimate\"", 25, ""},
		{"edition = \"enterprise\"\nconcurrency = 7", 7, ""},
		{"concurrency = 3", 3, ""},
		{"edition = \"gold\"", 0, "api.edition"},
		{"concurrency = -1", 0, "api.concurrency"},
	} {
		path := filepath.Join(t.TempDir(), "config.toml")
		os.WriteFile(path, []byte("[api]\nuser = \"u\"\n"+c.lines+"\n"), 0o600)
		cfg, err := config.Load(path)
		var ce *config.Error
		switch {
		case c.bad != "" && (!errors.As(err, &ce) || ce.Line < 3 || !strings.Contains(ce.Msg, c.bad)):
			t.Errorf("%q: err %v, want a config error at its line naming %s", c.lines, err, c.bad)
		case c.bad == "" && err != nil:
			t.Errorf("%q: %v", c.lines, err)
		case c.bad == "" && cfg.API.Calls() != c.calls:
			t.Errorf("%q: Calls() = %d, want %d", c.lines, cfg.API.Calls(), c.calls)
		}
	}
}
