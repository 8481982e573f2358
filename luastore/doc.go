// Package luastore runs the seed SDK's custom token module, written in Lua,
// as a tokenstore.Store. The module is a file returning a table with
//
//	saveOAuthTokens(t)          -- after a grant exchange or import
//	updateOAuthTokens(t)        -- after a refresh that kept the refresh token
//	getOAuthTokens(user_id)     -- a table, or nil for an unknown user
//	deleteOAuthTokens(user_id)  -- optional; needed to forget a user
//	listOAuthUsers()            -- optional; a list of user ids, for auth status
//
// t carries the seed's save-side fields: user_identifier, access_token,
// refresh_token, expires_in (absolute expiry, epoch milliseconds, as the
// seed stores it) and api_domain. Unlike the seed, updateOAuthTokens gets
// user_identifier and refresh_token too, so a module needs no global
// "current user". getOAuthTokens may answer with the seed's MySQL column
// names (accesstoken, refreshtoken, expirytime) or with the save-side
// names; expiry may be a number or a numeric string.
//
// The module is the operator's own code: it gets the full standard library
// (io, os, ...) and require finds files beside it. It runs in a Lua state
// of its own, owned by one goroutine; every call is work sent to that
// goroutine, so calls are serialised and the module needs no locking. Its
// errors are returned as *Error, never swallowed.
//
// The module is not trusted to return: its top level runs on the first
// call, and every call, that first one included, is stopped at the store's
// timeout or the caller's deadline, and by Close. os.exit in the module is
// an error of the call, not the end of the process.
package luastore
