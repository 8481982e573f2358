package config_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zcrmrun/zcrmrun/config"
)

func TestRefreshMargin(t *testing.T) {
	for _, c := range []struct {
		value string
		want  time.Duration
		bad   bool
	}{
		{`"90s"`, 90 * time.Second, false},
		{`"5m"`, 5 * time.Minute, false},
		{`"soon"`, 0, true},
		{`"0s"`, 0, true},
		{`"1h"`, 0, true},
	} {
		path := filepath.Join(t.TempDir(), "config.toml")
		os.WriteFile(path, []byte("[oauth]\nclient_id = \"x\"\nrefresh_margin = "+c.value+"\n"), 0o600)
		cfg, err := config.Load(path)
		var ce *config.Error
		switch {
		case c.bad && (!errors.As(err, &ce) || ce.Line != 3 || !strings.Contains(ce.Msg, "oauth.refresh_margin")):
			t.Errorf("refresh_margin = %s: err %v, want a config error at line 3 naming the key", c.value, err)
		case !c.bad && err != nil:
			t.Errorf("refresh_margin = %s: %v", c.value, err)
		case !c.bad && cfg.OAuth.Margin() != c.want:
			t.Errorf("refresh_margin = %s: Margin() = %v, want %v", c.value, cfg.OAuth.Margin(), c.want)
		}
	}
}
