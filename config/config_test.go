package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func load(t *testing.T, content string) (*Config, error) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return Load(p)
}

func TestLoadReadsEveryDocumentedKey(t *testing.T) {
	c, err := load(t, `
[oauth]
client_id = "1000.ABC"
client_secret = "s"
redirect_url = "https://example.com/cb"
dc = "eu"
[api]
url = "https://www.zohoapis.eu"
user = "ops@example.com"
timeout = "45s"
[script]
max_memory = "512MB"
[tokenstore]
kind = "file"
path = "/tmp/t.json"
`)
	if err != nil {
		t.Fatal(err)
	}
	if c.OAuth.ClientID != "1000.ABC" || c.OAuth.DC != "eu" || c.API.User != "ops@example.com" || c.TokenStore.Path != "/tmp/t.json" ||
		c.API.RequestTimeout() != 45*time.Second || c.Script.MemoryLimit() != 512<<20 {
		t.Errorf("loaded %+v", c)
	}
}

// Zoho's API domains, with or without a trailing slash, and plain HTTP to
// this machine (the sandbox) are base URLs.
func TestGoodBaseURLsLoad(t *testing.T) {
	for _, u := range []string{"https://www.zohoapis.eu", "https://www.zohoapis.com/", "https://www.zohoapis.com.au:443", "http://127.0.0.1:8080", "http://[::1]:9", "http://localhost:1"} {
		if _, err := load(t, "[api]\nurl = \""+u+"\"\n[oauth]\naccounts_url = \""+u+"\"\n"); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
}

func TestExampleConfigLoads(t *testing.T) {
	if _, err := Load("../config.toml"); err != nil {
		t.Fatalf("the documented example config does not load: %v", err)
	}
}

func TestErrorsNameKeyAndLine(t *testing.T) {
	cases := []struct{ name, content, want string }{
		{"unknown section key", "[api]\nuser = \"a\"\nurll = \"x\"\n", ":3: unknown key api.urll"},
		{"unknown section", "[oauht]\nclient_id = \"a\"\n", ":1: unknown key oauht"},
		{"bad kind", "[tokenstore]\nkind = \"redis\"\n", `:2: tokenstore.kind "redis" is not one of file, mysql, memory, lua`},
		{"dc and accounts_url", "[oauth]\ndc = \"eu\"\naccounts_url = \"https://accounts.zoho.eu\"\n", ":2: oauth.dc and oauth.accounts_url are both set"},
		{"wrong type", "[tokenstore]\npath = true\n", ":2: tokenstore.path must be a string, not true or false"},
		{"bad timeout", "[api]\ntimeout = \"60\"\n", `:2: api.timeout "60" must be a duration above 0, such as "60s"`},
		{"bad max_memory", "[script]\nmax_memory = \"lots\"\n", `:2: script.max_memory "lots" must be a size such as "512MB" or "2GB"`},
		{"timeout not a string", "[api]\ntimeout = 60\n", ":2: api.timeout must be a string, not an integer"},
		{"api url not a url", "[api]\nuser = \"a\"\nurl = \"not a url\"\n", `:3: api.url "not a url" is not a URL with a scheme; want scheme and host only, such as "https://www.zohoapis.eu"`},
		{"api url host only", "[api]\nurl = \"www.zohoapis.eu\"\n", `:2: api.url "www.zohoapis.eu" is not a URL with a scheme`},
		{"api url wrong scheme", "[api]\nurl = \"ftp://www.zohoapis.eu\"\n", `:2: api.url "ftp://www.zohoapis.eu" has scheme ftp, not https`},
		{"api url in the clear", "[api]\nurl = \"http://www.zohoapis.eu\"\n", `:2: api.url "http://www.zohoapis.eu" would send tokens unencrypted`},
		{"api url with the API path", "[api]\nurl = \"https://www.zohoapis.eu/crm/v2\"\n", `:2: api.url "https://www.zohoapis.eu/crm/v2" has a path`},
		{"api url with a password", "[api]\nurl = \"https://u:s3cret@www.zohoapis.eu\"\n", `:2: api.url "https://u:xxxxx@www.zohoapis.eu" has more than a scheme and host`},
		{"accounts url without host", "[oauth]\naccounts_url = \"https://\"\n", `:2: oauth.accounts_url "https://" has no host`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := load(t, tc.content)
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("got %v, want a *config.Error", err)
			}
			if got := err.Error(); !strings.Contains(got, tc.want) {
				t.Errorf("error %q does not contain %q", got, tc.want)
			}
		})
	}
}

func TestRequireNamesTheMissingKey(t *testing.T) {
	c, err := load(t, "[oauth]\nclient_id = \"x\"\n")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Require("oauth.client_secret", c.OAuth.ClientSecret); err == nil || !strings.Contains(err.Error(), "config.toml:1: oauth.client_secret is required") {
		t.Errorf("Require: %v", err)
	}
	if err := Empty().Require("oauth.client_id", ""); err == nil || !strings.Contains(err.Error(), "oauth.client_id is required, but there is no config file") {
		t.Errorf("Require without a file: %v", err)
	}
}

// Paths in a config file mean the same from any working directory.
func TestResolvePathsAgainstTheConfigFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "config.toml")
	os.WriteFile(p, []byte("[tokenstore]\npath = \"state/tokens.json\"\n[script]\npaths = [\"lib\", \"/abs/lib\"]\n"), 0o600)
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Resolve(c.TokenStore.Path); got != filepath.Join(dir, "state", "tokens.json") {
		t.Errorf("relative token path resolved to %q", got)
	}
	if got := c.ScriptPaths(); len(got) != 2 || got[0] != filepath.Join(dir, "lib") || got[1] != "/abs/lib" {
		t.Errorf("script paths %q", got)
	}
	home, _ := os.UserHomeDir()
	if got := c.Resolve("~/zcrm/tokens.json"); got != filepath.Join(home, "zcrm", "tokens.json") {
		t.Errorf("~ resolved to %q", got)
	}
	if got := Empty().Resolve("rel/x"); got != "rel/x" {
		t.Errorf("without a config file a relative path stays as given, got %q", got)
	}
}
