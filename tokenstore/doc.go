// Package tokenstore keeps OAuth tokens per user between runs. Store is the
// interface the OAuth layer depends on; File (the default), MySQL (the seed
// SDK's table) and Memory implement it, and other stores (the Lua token
// modules of package luastore) plug in the same way. Locker lets processes
// sharing a store refresh a user's token once between them.
//
// A Token never prints its secrets: String, GoString and LogValue redact
// them, so a token that slips into a log line or an error stays harmless.
package tokenstore
