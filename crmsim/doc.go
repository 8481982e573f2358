// Package crmsim emulates Zoho Accounts and the Zoho CRM API (v2, v2.1 and
// v3 to v8, see versions.go) on loopback, with Zoho's shapes, status codes, error codes and limits, so
// zcrmrun and any other Zoho client can rehearse against it. A Server holds
// all state in memory; Seed fills it with deterministic demo data.
//
// The emulator is faithful rather than friendly: it answers token errors
// with HTTP 200 {"error": ...} as Zoho does, caps pages at 200 records and
// discrete paging at 2,000 (page_token continues to 100,000), and requires
// Zoho-oauthtoken authorisation. Writes are checked against the module
// metadata record by record (INVALID_DATA, MANDATORY_NOT_FOUND,
// DUPLICATE_DATA) and answered 201/200, 207 when mixed, 400 when all fail.
// Per refresh token it mints at most 10 access tokens in 10 minutes and
// keeps at most 15 alive (the 16th kills the oldest), unless Options
// switch those limits off.
// Control endpoints under /crmsim/ stand in for the Zoho developer console
// (registering a self-client, minting grant codes) and expose counters
// (/crmsim/v1/stats for tokens, /crmsim/v1/usage for the API limits).
//
// It is built not to be what limits a client: a listing in creation order
// walks to the requested page instead of copying the module, pages are
// encoded without reflection and gzipped for clients that ask, and unique
// fields are checked through an index, so 100,000 records page and 10,000
// creates run at client speed (docs/benchmarks.md).
//
// It is as lenient on the wire as Zoho, because real clients depend on it:
// JSON bodies without a Content-Type, query strings ending in '&' or with
// unencoded values (see lenient). It serves /crm/v2, /crm/v2.1 and /crm/v3
// to /crm/v8 with one set of handlers; what differs by version is a method
// of apiVersion (versions.go). StartTLS serves HTTPS
// from a generated loopback CA for clients that hard-code https://;
// SaveState, LoadState and Persist keep the data across restarts.
//
// The Notifications API (actions/watch, notifications.go) keeps channels
// with Zoho's limits and expiry and POSTs Zoho's notification body to each
// subscribed notify_url when records are created, edited or deleted
// through the API, from a bounded queue off the request path, retrying
// deliveries that get no 2xx.
//
// Faults (ParseFaults) are injected deterministically under a seed into
// CRM calls and token requests, and by TCPProxy into the connections of a
// MySQL token store.
package crmsim
