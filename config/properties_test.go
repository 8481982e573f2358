package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
)

// resources writes a seed SDK resources directory with the given files.
func resources(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "resources")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// The files as zcrmsdk 0.0.x users keep them: [zoho] and [crm] sections,
// host-only URLs, comments and a continued line.
const seedOAuth = `# Zoho OAuth client, as generated in the API console
[zoho]
crm.iamurl=accounts.zoho.eu
crm.clientid=1000.ABCDEF
crm.clientsecret = s3cr3t\
  -continued
crm.redirecturl=https://example.com/callback
`

const seedConfig = `[crm]
api.url=www.zohoapis.eu
api.user_identifier : admin@example.com
api.tokenmanagement=
! MySQL for the default token store
[mysql]
username=zoho
password=p@ss:w/rd
`

func TestLoadSeedResources(t *testing.T) {
	dir := resources(t, map[string]string{SeedOAuthFile: seedOAuth, SeedConfigFile: seedConfig})
	c, err := Load(dir + "/")
	if err != nil {
		t.Fatal(err)
	}
	want := OAuth{ClientID: "1000.ABCDEF", ClientSecret: "s3cr3t-continued", RedirectURL: "https://example.com/callback", AccountsURL: "https://accounts.zoho.eu"}
	if c.OAuth != want {
		t.Errorf("OAuth = %+v, want %+v", c.OAuth, want)
	}
	if c.API != (API{URL: "https://www.zohoapis.eu", User: "admin@example.com"}) {
		t.Errorf("API = %+v", c.API)
	}
	if c.TokenStore.Kind != "mysql" {
		t.Fatalf("no tokenmanagement means the seed's MySQL store, got %+v", c.TokenStore)
	}
	dsn, err := mysql.ParseDSN(c.TokenStore.DSN)
	if err != nil {
		t.Fatal(err)
	}
	if dsn.User != "zoho" || dsn.Passwd != "p@ss:w/rd" || dsn.Addr != "localhost:3306" || dsn.DBName != "zohooauth" {
		t.Errorf("DSN = user %q pass %q addr %q db %q", dsn.User, dsn.Passwd, dsn.Addr, dsn.DBName)
	}
	// A later error about a key points into the file it came from.
	err = c.Invalid("oauth.client_secret", "bad secret")
	if !strings.HasSuffix(err.Error(), SeedOAuthFile+":5: bad secret") {
		t.Errorf("error position: %v", err)
	}
}

func TestSeedResourcesDefaults(t *testing.T) {
	dir := resources(t, map[string]string{SeedOAuthFile: "[zoho]\ncrm.clientid=id\ncrm.clientsecret=secret\ncrm.iamurl=\n"})
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if c.OAuth.AccountsURL != "" || c.API.User != "" || c.TokenStore.DSN != "root:@tcp(localhost:3306)/zohooauth" {
		t.Errorf("defaults: %+v %+v %+v", c.OAuth, c.API, c.TokenStore)
	}
}

func TestSeedResourcesLuaTokenModule(t *testing.T) {
	dir := resources(t, map[string]string{
		SeedOAuthFile:  "[zoho]\ncrm.clientid=id\ncrm.clientsecret=secret\n",
		SeedConfigFile: "[crm]\napi.tokenmanagement=tokens/store.lua\n",
	})
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(filepath.Dir(dir), "tokens", "store.lua")
	if c.TokenStore.Kind != "lua" || c.TokenStore.Module != want {
		t.Errorf("TokenStore = %+v, want lua at %s", c.TokenStore, want)
	}
}

func TestSeedResourcesErrors(t *testing.T) {
	base := "[zoho]\ncrm.clientid=id\ncrm.clientsecret=S3CR3T-VALUE\n"
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"typo", map[string]string{SeedOAuthFile: base + "crm.clientsecrte=x\n"}, SeedOAuthFile + ":4: unknown key zoho.crm.clientsecrte"},
		{"no section", map[string]string{SeedOAuthFile: "crm.clientid=id\n"}, SeedOAuthFile + ":1: unknown key crm.clientid; put it under [zoho]"},
		{"js module", map[string]string{SeedOAuthFile: base, SeedConfigFile: "[crm]\n\napi.tokenmanagement=/srv/app/tokens.js\n"}, SeedConfigFile + ":3: crm.api.tokenmanagement names \"/srv/app/tokens.js\", a JavaScript token module"},
		{"no secret", map[string]string{SeedOAuthFile: "[zoho]\ncrm.clientid=id\n"}, SeedOAuthFile + ": zoho.crm.clientsecret is required"},
		{"no oauth file", map[string]string{SeedConfigFile: "[crm]\n"}, SeedOAuthFile + ": missing"},
		{"bad section", map[string]string{SeedOAuthFile: "[zoho\n"}, SeedOAuthFile + ":1: section line"},
		{"bad unicode", map[string]string{SeedOAuthFile: "[zoho]\ncrm.clientid=\\u12G4\n"}, SeedOAuthFile + ":2: zoho.crm.clientid: \\u needs four hex digits"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(resources(t, tc.files))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "S3CR3T-VALUE") {
				t.Fatalf("error leaks a value: %v", err)
			}
		})
	}
}

func TestParsePropertiesForms(t *testing.T) {
	props, err := parseProperties("p", "a=1\nb:2\nc 3\n  d = four  \ne\\=f=5\n[s]\ng=\\u00e9\\t\\\\\nmulti=x\\\n   y\\\n z\n")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range props {
		got[p.key] = p.value
	}
	want := map[string]string{"a": "1", "b": "2", "c": "3", "d": "four", "e=f": "5", "s.g": "é\t\\", "s.multi": "xyz"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %v", got)
	}
}
