package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// The seed SDK's configuration files, read from its resources directory.
const (
	SeedOAuthFile  = "oauth_configuration.properties"
	SeedConfigFile = "configuration.properties"
)

// seedKey maps one effective seed key ([section] prefix included, as
// properties-reader makes it) onto this config.
type seedKey struct {
	toml string // the TOML key it becomes, for errors raised later
	set  func(c *Config, v string) error
}

var seedOAuthKeys = map[string]seedKey{
	"zoho.crm.clientid":     {"oauth.client_id", func(c *Config, v string) error { c.OAuth.ClientID = v; return nil }},
	"zoho.crm.clientsecret": {"oauth.client_secret", func(c *Config, v string) error { c.OAuth.ClientSecret = v; return nil }},
	"zoho.crm.redirecturl":  {"oauth.redirect_url", func(c *Config, v string) error { c.OAuth.RedirectURL = v; return nil }},
	"zoho.crm.iamurl":       {"oauth.accounts_url", func(c *Config, v string) error { c.OAuth.AccountsURL = withScheme(v); return nil }},
}

var seedConfigKeys = map[string]seedKey{
	"crm.api.url":             {"api.url", func(c *Config, v string) error { c.API.URL = withScheme(v); return nil }},
	"crm.api.user_identifier": {"api.user", func(c *Config, v string) error { c.API.User = v; return nil }},
	"crm.api.tokenmanagement": {"tokenstore.module", setTokenManagement},
	"mysql.username":          {"tokenstore.dsn", func(c *Config, v string) error { c.mysqlUser = v; return nil }},
	"mysql.password":          {"tokenstore.dsn", func(c *Config, v string) error { c.mysqlPassword = v; return nil }},
}

// withScheme completes the seed's host-only URLs (accounts.zoho.com,
// www.zohoapis.com), which it prefixes with https:// itself.
func withScheme(v string) string {
	if !strings.Contains(v, "://") {
		v = "https://" + v
	}
	return strings.TrimRight(v, "/")
}

// setTokenManagement maps the seed's token module onto a token store. The
// seed requires a JavaScript module; zcrmrun runs the same interface
// written in Lua, so only a .lua file can be taken over.
func setTokenManagement(c *Config, v string) error {
	if !strings.EqualFold(filepath.Ext(v), ".lua") {
		return fmt.Errorf("crm.api.tokenmanagement names %q, a JavaScript token module; zcrmrun runs token modules written in Lua with the same functions (saveOAuthTokens, updateOAuthTokens, getOAuthTokens): port it and name the .lua file, or leave the key empty for the MySQL store", v)
	}
	if !filepath.IsAbs(v) {
		// The seed read resources/ relative to its working directory, the
		// project directory: relative module paths start there too.
		v = filepath.Join(filepath.Dir(filepath.Clean(c.path)), v)
		if abs, err := filepath.Abs(v); err == nil {
			v = abs // Resolve must not join it to the folder a second time
		}
	}
	c.TokenStore = TokenStore{Kind: "lua", Module: v}
	return nil
}

// loadSeedResources reads the seed SDK's resources directory, so a zcrmsdk
// user switches without rewriting configuration. oauth_configuration.properties
// is required with client id and secret, as the seed requires them;
// configuration.properties is optional. Without crm.api.tokenmanagement
// the token store is the seed's default: MySQL on localhost:3306, database
// zohooauth, as [mysql] username (default root) and password.
func loadSeedResources(dir string) (*Config, error) {
	c := Empty()
	c.path = dir
	c.files = map[string]string{}
	c.mysqlUser = "root"
	oauthPath := filepath.Join(dir, SeedOAuthFile)
	if err := c.readSeedFile(oauthPath, seedOAuthKeys); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &Error{Path: oauthPath, Msg: "missing: a seed SDK resources directory holds oauth_configuration.properties (and optionally configuration.properties)"}
		}
		return nil, err
	}
	if err := c.readSeedFile(filepath.Join(dir, SeedConfigFile), seedConfigKeys); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	for _, k := range []struct{ seed, value string }{{"zoho.crm.clientid", c.OAuth.ClientID}, {"zoho.crm.clientsecret", c.OAuth.ClientSecret}} {
		if k.value == "" {
			return nil, &Error{Path: oauthPath, Msg: fmt.Sprintf("%s is required (crm.%s under [zoho])", k.seed, strings.TrimPrefix(k.seed, "zoho.crm."))}
		}
	}
	if c.TokenStore.Kind == "" {
		c.TokenStore = TokenStore{Kind: "mysql", DSN: c.mysqlUser + ":" + c.mysqlPassword + "@tcp(localhost:3306)/zohooauth"}
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Config) readSeedFile(path string, keys map[string]seedKey) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	props, err := parseProperties(path, string(data))
	if err != nil {
		return err
	}
	for _, p := range props {
		k, ok := keys[p.key]
		if !ok {
			known := make([]string, 0, len(keys))
			for name := range keys {
				known = append(known, name)
			}
			sort.Strings(known)
			msg := fmt.Sprintf("unknown key %s (this file takes %s)", p.key, strings.Join(known, ", "))
			for name := range keys {
				if section, ok := strings.CutSuffix(name, "."+p.key); ok && !strings.Contains(section, ".") {
					msg = fmt.Sprintf("unknown key %s; put it under [%s]", p.key, section)
				}
			}
			return &Error{Path: path, Line: p.line, Msg: msg}
		}
		if p.value == "" {
			continue // the seed's shipped files leave keys empty for "default"
		}
		if err := k.set(c, p.value); err != nil {
			return &Error{Path: path, Line: p.line, Msg: err.Error()}
		}
		c.lines[k.toml] = p.line
		c.files[k.toml] = path
	}
	return nil
}

type property struct {
	key, value string
	line       int
}

// parseProperties reads a Java .properties file as properties-reader does:
// # and ! comments, key=value, key:value or key value, backslash line
// continuation and escapes (\t \n \r \f \uXXXX, others literal), and
// [section] lines that prefix the keys after them with "section.".
func parseProperties(path, data string) ([]property, error) {
	var props []property
	section := ""
	lines := strings.Split(strings.ReplaceAll(data, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		n := i + 1
		text := strings.TrimLeft(lines[i], " \t\f")
		if text == "" || text[0] == '#' || text[0] == '!' {
			continue
		}
		for continued(text) && i+1 < len(lines) {
			i++
			text = text[:len(text)-1] + strings.TrimLeft(lines[i], " \t\f")
		}
		if text == "" { // a lone "\" continued into a blank line (found by FuzzParseProperties)
			continue
		}
		if text[0] == '[' {
			end := strings.LastIndexByte(text, ']')
			if end < 0 || strings.TrimSpace(text[end+1:]) != "" {
				return nil, &Error{Path: path, Line: n, Msg: "section line must be [name]"}
			}
			section = strings.TrimSpace(text[1:end])
			continue
		}
		rawKey, rawValue := splitProperty(text)
		key, err := unescape(rawKey)
		if err != nil {
			return nil, &Error{Path: path, Line: n, Msg: "key: " + err.Error()}
		}
		if section != "" {
			key = section + "." + key
		}
		value, err := unescape(strings.TrimRight(rawValue, " \t\f"))
		if err != nil {
			return nil, &Error{Path: path, Line: n, Msg: key + ": " + err.Error()}
		}
		props = append(props, property{key: key, value: value, line: n})
	}
	return props, nil
}

// continued reports a line ending in an odd number of backslashes.
func continued(s string) bool {
	n := 0
	for i := len(s) - 1; i >= 0 && s[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}

// splitProperty splits at the first unescaped '=', ':' or blank; blanks
// around the separator belong to neither side.
func splitProperty(s string) (key, value string) {
	i := 0
	for ; i < len(s); i++ {
		if s[i] == '\\' {
			i++
			continue
		}
		if strings.IndexByte("=: \t\f", s[i]) >= 0 {
			break
		}
	}
	i = min(i, len(s)) // a backslash ending the last line escapes nothing (found by FuzzParseProperties)
	key, rest := s[:i], s[i:]
	rest = strings.TrimLeft(rest, " \t\f")
	if rest != "" && (rest[0] == '=' || rest[0] == ':') {
		rest = strings.TrimLeft(rest[1:], " \t\f")
	}
	return key, rest
}

func unescape(s string) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 'f':
			b.WriteByte('\f')
		case 'u':
			if i+5 > len(s) {
				return "", errors.New(`\u needs four hex digits`)
			}
			r, err := strconv.ParseUint(s[i+1:i+5], 16, 16)
			if err != nil {
				return "", errors.New(`\u needs four hex digits`)
			}
			b.WriteRune(rune(r))
			i += 4
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String(), nil
}
