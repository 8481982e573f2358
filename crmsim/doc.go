// Package crmsim emulates Zoho Accounts and the Zoho CRM v2 API on
// loopback, with Zoho's shapes, status codes, error codes and limits, so
// zcrmrun and any other Zoho client can rehearse against it. A Server holds
// all state in memory; Seed fills it with deterministic demo data.
//
// The emulator is faithful rather than friendly: it answers token errors
// with HTTP 200 {"error": ...} as Zoho does, caps pages at 200 records and
// discrete paging at 2,000, and requires Zoho-oauthtoken authorisation.
// Per refresh token it mints at most 10 access tokens in 10 minutes and
// keeps at most 15 alive (the 16th kills the oldest), unless Options
// switch those limits off.
// Control endpoints under /crmsim/ stand in for the Zoho developer console
// (registering a self-client, minting grant codes) and expose counters.
//
// It is as lenient on the wire as Zoho, because real clients depend on it:
// JSON bodies without a Content-Type, query strings ending in '&' or with
// unencoded values, /crm/v2.1/ paths (see lenient). StartTLS serves HTTPS
// from a generated loopback CA for clients that hard-code https://;
// SaveState, LoadState and Persist keep the data across restarts.
package crmsim
