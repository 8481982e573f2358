// Package session wires a CRM connection together from configuration: the
// token store, the OAuth token source for one user and the CRM client. It
// builds nothing until first used, so a script that never calls the CRM
// needs no credentials, and the first call that does names the missing key.
//
// Session.As gives the session of another user; all sessions derived from
// one share its token store and HTTP client, and each user has exactly one
// session, so each user's refreshes are coordinated in one place.
//
// StartSandbox does the same against an in-process crmsim emulator, with
// its own throwaway token store, so a sandbox run never touches the CRM or
// the tokens named in config.
package session
