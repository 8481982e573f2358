package config

import (
	_ "embed"
	"strings"
)

//go:embed template.toml
var template string

// Template returns the documented example config for a data centre; the
// repository's config.toml is this template for "us".
func Template(dc string) string {
	return strings.Replace(template, `dc = "us"`, `dc = "`+dc+`"`, 1)
}
