// Package luabind is the Lua face of zcrmrun: it builds the `crm` table a
// script sees. It is a thin, regular layer: each function checks and
// converts its Lua arguments, calls the crm or session packages, and
// converts the results back. Domain logic lives in those packages.
//
// One file per area of the table (records.go, auth.go, metadata.go); each
// function's doc comment gives its Lua signature. Record ids are always Lua
// strings, JSON null is crm.null, and errors are raised as tables with
// code, message, status, details and call fields and a readable tostring.
//
// crm.as(user_id) builds a table of the same shape bound to another user's
// Connection (Module.Users): every function acts through its binding's
// conn, never through Module.Conn directly.
package luabind
