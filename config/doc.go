// Package config reads zcrmrun's TOML configuration. Unknown keys, wrong
// types and missing required values are errors that name the key and the
// file:line, because a typo in a config file should never silently fall
// back to a default that talks to the wrong CRM.
//
// Credentials are not required at load time: a script that never calls the
// CRM runs with no config at all. Require reports a missing key when it is
// first needed.
package config
