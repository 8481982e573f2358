// Package script is the Lua runtime zcrmrun's run, watch and repl share.
//
// Every state gets the same environment (see Env): print to the run's
// stdout, log.* to its stderr, json, sleep, env, arg, require searching
// the script's folder and then configured paths, os.exit ending the
// script and never the host, and process spawning and native loading off
// unless allowed. Compile errors name file, line and token; runtime
// errors carry file:line and a traceback.
//
// One goroutine owns each state (the k6 event-loop model). Run makes a
// fresh state per run on the calling goroutine. Interp keeps one
// long-lived state on a goroutine of its own; other goroutines only hand
// it work (Do, Eval, Exec) and cancel work through the context they pass.
// Each run or evaluation gets its own context, removed afterwards: a dead
// context makes every later call on a state fail.
package script
