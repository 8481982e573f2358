package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoad: any bytes give a config or a *config.Error naming the file —
// never a panic, never another error type the CLI could not map to exit 2.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(Template("us")))
	for _, seed := range []string{
		"[oauth]\nclient_id = 1\n", "[api\n", "[tokenstore]\nkind = \"lua\"\nmodule = \"x.lua\"\n",
		"a = 1\n", "[oauth]\nclient_id = \"\"\"multi\nline\"\"\"\n", "[[oauth]]\n", "[oauth.inner]\nx = 1\n",
		"\xff\xfe", "[api]\nuser = \"o'reilly; DROP TABLE\"\n",
	} {
		f.Add([]byte(seed))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "config.toml")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := Load(p)
		if err == nil {
			if c.Path() != p {
				t.Fatalf("path %q", c.Path())
			}
			return
		}
		var ce *Error
		if !errors.As(err, &ce) {
			t.Fatalf("error %T %v is not a *config.Error", err, err)
		}
		if !strings.HasPrefix(err.Error(), p) {
			t.Fatalf("error %q does not name the file", err)
		}
	})
}
