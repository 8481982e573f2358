// Package tokenstore keeps OAuth tokens per user between runs. Store is the
// interface the OAuth layer depends on; File (the default) and Memory
// implement it, and later stores (MySQL, Lua modules) plug in the same way.
//
// A Token never prints its secrets: String, GoString and LogValue redact
// them, so a token that slips into a log line or an error stays harmless.
package tokenstore
