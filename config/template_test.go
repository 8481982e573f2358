package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The repository's config.toml is what `zcrmrun init` writes, so the two
// never drift apart.
func TestRepositoryConfigIsTheTemplate(t *testing.T) {
	b, err := os.ReadFile("../config.toml")
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != Template("us") {
		t.Error("config.toml differs from config/template.toml; copy one over the other")
	}
}

func TestTemplateLoadsForEveryDataCentre(t *testing.T) {
	for _, dc := range []string{"us", "eu", "in", "au", "cn", "jp", "ca"} {
		p := filepath.Join(t.TempDir(), "config.toml")
		os.WriteFile(p, []byte(Template(dc)), 0o600)
		c, err := Load(p)
		if err != nil {
			t.Fatalf("%s: %v", dc, err)
		}
		if c.OAuth.DC != dc {
			t.Errorf("template for %s has dc %q", dc, c.OAuth.DC)
		}
	}
	for _, key := range []string{"client_id", "client_secret", "redirect_url", "accounts_url", "dc", "url", "user", "kind", "path"} {
		if !strings.Contains(template, key) {
			t.Errorf("the template does not document %s", key)
		}
	}
}
