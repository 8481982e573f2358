// Package oauth speaks to Zoho Accounts: it exchanges grant codes and
// refresh tokens for access tokens (Client), and hands out valid access
// tokens for one user, refreshing them before they expire (TokenSource).
//
// Zoho answers most token errors with HTTP 200 and {"error": "..."}, so a
// reply is judged by its body, never by its status alone. Secrets travel in
// POST bodies only and never appear in errors.
package oauth
