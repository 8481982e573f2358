package config

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/zcrmrun/zcrmrun/crm"
)

// DefaultPath is read when --config is not given and the file exists.
const DefaultPath = "config.toml"

// DefaultUser is the seed SDK's default user identifier.
const DefaultUser = "zcrm_default_user"

// Config is the whole configuration. Fields keep the TOML key names.
type Config struct {
	OAuth      OAuth      `toml:"oauth"`
	API        API        `toml:"api"`
	TokenStore TokenStore `toml:"tokenstore"`
	Script     Script     `toml:"script"`
	Serve      Serve      `toml:"serve"`

	path  string         // file it came from; "" when there is none
	lines map[string]int // "section.key" and "section" -> line

	files                    map[string]string // "section.key" -> file, when keys come from several (seed resources)
	mysqlUser, mysqlPassword string            // the seed's [mysql] keys, until they become a DSN
}

// OAuth is the [oauth] section: the Zoho client and its accounts server.
type OAuth struct {
	ClientID     string `toml:"client_id"`
	ClientSecret string `toml:"client_secret"`
	RedirectURL  string `toml:"redirect_url"`
	AccountsURL  string `toml:"accounts_url"`
	DC           string `toml:"dc"`
	// RefreshMargin is how long before expiry an access token is
	// refreshed, as a Go duration ("5m"); empty means oauth.DefaultMargin.
	RefreshMargin string `toml:"refresh_margin"`
}

// Margin is RefreshMargin parsed; 0 when unset. Load has checked it.
func (o OAuth) Margin() time.Duration {
	d, _ := time.ParseDuration(o.RefreshMargin)
	return d
}

// API is the [api] section.
type API struct {
	URL  string `toml:"url"`  // API domain override, e.g. https://www.zohoapis.eu
	User string `toml:"user"` // the seed's api.user_identifier
	// Timeout bounds each HTTP request (CRM and Zoho Accounts) as a Go
	// duration ("60s"); empty means crm.DefaultTimeout.
	Timeout string `toml:"timeout"`
	// Edition is the org's Zoho edition (free, standard, professional,
	// enterprise, ultimate); it sets how many calls may be in flight.
	Edition string `toml:"edition"`
	// Concurrency overrides the edition's calls in flight; 0 means the
	// edition's.
	Concurrency int `toml:"concurrency"`
	// CAFile is a PEM file of CA certificates trusted beside the system's,
	// such as the ca_cert of `zcrmrun sandbox --tls`; relative to the
	// config file.
	CAFile string `toml:"ca_file"`
}

// RequestTimeout is Timeout parsed; 0 when unset. Load has checked it.
func (a API) RequestTimeout() time.Duration {
	d, _ := time.ParseDuration(a.Timeout)
	return d
}

// Calls is how many calls may be in flight at once by [api] concurrency or
// edition; 0 when neither is set. Load has checked both.
func (a API) Calls() int {
	if a.Concurrency > 0 {
		return a.Concurrency
	}
	n, _ := crm.EditionConcurrency(a.Edition)
	return n
}

// TokenStore is the [tokenstore] section.
type TokenStore struct {
	Kind   string `toml:"kind"`   // file (default), mysql, memory or lua
	Path   string `toml:"path"`   // file store location
	DSN    string `toml:"dsn"`    // mysql
	Table  string `toml:"table"`  // mysql
	Module string `toml:"module"` // lua
	// Timeout bounds each call into a lua token module (its loading
	// included), as a Go duration; empty means luastore.DefaultTimeout.
	Timeout string `toml:"timeout"`
}

// CallTimeout is Timeout parsed; 0 when unset. Load has checked it.
func (t TokenStore) CallTimeout() time.Duration {
	d, _ := time.ParseDuration(t.Timeout)
	return d
}

// Error is a configuration error; the CLI exits 2 on it.
type Error struct {
	Path string // config file, may be empty
	Line int    // 0 when unknown
	Msg  string
}

func (e *Error) Error() string {
	switch {
	case e.Path == "":
		return "config: " + e.Msg
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return e.Path + ": " + e.Msg
}

// Empty returns the configuration used when there is no file.
func Empty() *Config { return &Config{lines: map[string]int{}} }

// Path is the file the config was read from, or "".
func (c *Config) Path() string { return c.path }

// Load reads and checks a TOML file, or a directory holding the seed SDK's
// resources (oauth_configuration.properties, configuration.properties).
func Load(path string) (*Config, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return loadSeedResources(path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{Path: path, Msg: errors.Unwrap(err).Error()}
	}
	c := Empty()
	c.path = path
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(c)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			msg := pe.Message
			if pe.LastKey != "" && !strings.Contains(msg, pe.LastKey) {
				msg = pe.LastKey + ": " + msg
			}
			return nil, &Error{Path: path, Line: pe.Position.Line, Msg: msg}
		}
		if m := typeErrRE.FindStringSubmatch(err.Error()); m != nil {
			line, _ := strconv.Atoi(m[1])
			return nil, &Error{Path: path, Line: line, Msg: fmt.Sprintf("%s must be %s, not %s", m[2], tomlType(m[4]), tomlType(m[3]))}
		}
		return nil, &Error{Path: path, Msg: err.Error()}
	}
	c.lines = keyLines(data)
	if und := md.Undecoded(); len(und) > 0 {
		k := und[0].String()
		return nil, &Error{Path: path, Line: c.lines[k], Msg: fmt.Sprintf("unknown key %s", k)}
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	return c, nil
}

// LoadDefault reads path if given, else ./config.toml when it exists, else
// returns an empty config.
func LoadDefault(path string) (*Config, error) {
	if path != "" {
		return Load(path)
	}
	if _, err := os.Stat(DefaultPath); err == nil {
		return Load(DefaultPath)
	}
	return Empty(), nil
}

var kinds = []string{"file", "mysql", "memory", "lua"}

func (c *Config) check() error {
	if k := c.TokenStore.Kind; k != "" {
		ok := false
		for _, v := range kinds {
			ok = ok || v == k
		}
		if !ok {
			return c.errorAt("tokenstore.kind", fmt.Sprintf("tokenstore.kind %q is not one of %s", k, strings.Join(kinds, ", ")))
		}
	}
	if err := c.checkScript(); err != nil {
		return err
	}
	if err := c.checkServe(); err != nil {
		return err
	}
	if m := c.OAuth.RefreshMargin; m != "" {
		// A margin as long as Zoho's token lifetime would refresh on every call.
		if d, err := time.ParseDuration(m); err != nil || d <= 0 || d >= time.Hour {
			return c.errorAt("oauth.refresh_margin", fmt.Sprintf("oauth.refresh_margin %q must be a duration above 0 and below 1h, such as \"5m\"", m))
		}
	}
	if t := c.API.Timeout; t != "" {
		if d, err := time.ParseDuration(t); err != nil || d <= 0 {
			return c.errorAt("api.timeout", fmt.Sprintf("api.timeout %q must be a duration above 0, such as \"60s\"", t))
		}
	}
	if t := c.TokenStore.Timeout; t != "" {
		if d, err := time.ParseDuration(t); err != nil || d <= 0 {
			return c.errorAt("tokenstore.timeout", fmt.Sprintf("tokenstore.timeout %q must be a duration above 0, such as \"10s\"", t))
		}
	}
	if e := c.API.Edition; e != "" {
		if _, ok := crm.EditionConcurrency(e); !ok {
			return c.errorAt("api.edition", fmt.Sprintf("api.edition %q is not one of %s", e, strings.Join(crm.Editions(), ", ")))
		}
	}
	if c.API.Concurrency < 0 {
		return c.errorAt("api.concurrency", fmt.Sprintf("api.concurrency %d must be 1 or more (0 or unset: the edition's limit)", c.API.Concurrency))
	}
	for _, u := range []struct{ key, value, example string }{
		{"api.url", c.API.URL, "https://www.zohoapis.eu"}, {"oauth.accounts_url", c.OAuth.AccountsURL, "https://accounts.zoho.eu"}} {
		if shown, why := checkBaseURL(u.value); why != "" {
			return c.errorAt(u.key, fmt.Sprintf("%s %q %s; want scheme and host only, such as %q", u.key, shown, why, u.example))
		}
	}
	if c.OAuth.DC != "" && c.OAuth.AccountsURL != "" {
		return c.errorAt("oauth.dc", "oauth.dc and oauth.accounts_url are both set; keep one")
	}
	return nil
}

// checkBaseURL says what is wrong with a server's base URL ([api] url,
// [oauth] accounts_url), or "" when it is fine or unset, and how to show
// the URL in the error (with any password masked). Without this a typo
// surfaced only after 5 seconds of retried, unroutable calls.
func checkBaseURL(v string) (shown, why string) {
	if v == "" {
		return "", ""
	}
	shown = v
	u, err := url.Parse(v)
	if err != nil {
		if strings.Contains(v, "@") {
			shown = "…" // may hold a password
		}
		return shown, "is not a URL"
	}
	if _, ok := u.User.Password(); ok {
		shown = u.Redacted()
	}
	return shown, baseURLProblem(u)
}

func baseURLProblem(u *url.URL) string {
	switch {
	case u.Scheme == "" || u.Opaque != "":
		return "is not a URL with a scheme"
	case u.Scheme != "https" && u.Scheme != "http":
		return fmt.Sprintf("has scheme %s, not https", u.Scheme)
	case u.Host == "" || u.Hostname() == "":
		return "has no host"
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		return "would send tokens unencrypted (http:// is for loopback only, such as the sandbox)"
	case u.User != nil, u.RawQuery != "", u.ForceQuery, u.Fragment != "":
		return "has more than a scheme and host"
	case strings.Trim(u.Path, "/") != "":
		return "has a path (zcrmrun adds /crm/v2 and /oauth/v2 itself)"
	}
	if _, err := strconv.ParseUint(u.Port(), 10, 16); u.Port() != "" && err != nil {
		return "has a bad port"
	}
	return ""
}

// isLoopback reports whether host names this machine.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// errorAt makes an Error pointing at key's line, or its section's.
func (c *Config) errorAt(key, msg string) *Error {
	line := c.lines[key]
	if line == 0 {
		line = c.lines[strings.SplitN(key, ".", 2)[0]]
	}
	path := c.path
	if f := c.files[key]; f != "" {
		path = f
	}
	return &Error{Path: path, Line: line, Msg: msg}
}

// Invalid returns an Error about key, pointing at its line when known.
func (c *Config) Invalid(key, msg string) error { return c.errorAt(key, msg) }

// Require returns an error naming key when value is empty.
func (c *Config) Require(key, value string) error {
	if value != "" {
		return nil
	}
	if c.path == "" {
		return &Error{Msg: fmt.Sprintf("%s is required, but there is no config file (pass --config FILE, create ./config.toml, or use --sandbox)", key)}
	}
	return c.errorAt(key, key+" is required")
}

// typeErrRE matches BurntSushi/toml's type mismatch errors, which are
// plain fmt errors rather than ParseErrors.
var typeErrRE = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]+)"\): incompatible types: TOML value has type (\w+); destination has type (\w+)`)

func tomlType(t string) string {
	switch t {
	case "string":
		return "a string"
	case "int64", "integer":
		return "an integer"
	case "float64", "float":
		return "a number"
	case "bool":
		return "true or false"
	case "map[string]interface {}", "map", "struct":
		return "a table"
	case "[]interface {}", "slice":
		return "an array"
	}
	return t
}

var (
	sectionRE = regexp.MustCompile(`^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]`)
	keyRE     = regexp.MustCompile(`^\s*([A-Za-z0-9_-]+)\s*=`)
)

// keyLines maps "section.key" to the line it is defined on. BurntSushi/toml
// keeps key positions private, and the config grammar here is plain enough
// (sections of scalar keys) for a line scan.
func keyLines(data []byte) map[string]int {
	lines := map[string]int{}
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		text := sc.Text()
		if m := sectionRE.FindStringSubmatch(text); m != nil {
			section = m[1]
			lines[section] = n
			continue
		}
		if m := keyRE.FindStringSubmatch(text); m != nil {
			k := m[1]
			if section != "" {
				k = section + "." + k
			}
			if _, dup := lines[k]; !dup {
				lines[k] = n
			}
		}
	}
	return lines
}
