// Package script runs Lua scripts for zcrmrun: it prepares a fresh Lua
// state with the script environment (arg, print to the run's stdout, the
// modules the host registers), compiles the file so syntax errors name
// file, line and token, runs it under the run's context, and reports
// errors with file:line and a traceback.
//
// The state is owned by the goroutine that calls Run; other goroutines
// cancel a run through its context only.
package script
