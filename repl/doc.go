// Package repl is zcrmrun's interactive console: a read-eval-print loop
// over one long-lived script.Interp.
//
// Evaluation follows the standalone lua interpreter: a line that compiles
// as "return <line>" runs as that compiled chunk and prints every value
// (bare expressions print, as in Lua 5.3+; "=expr" works too); otherwise
// it runs as statements. Input continues under the ">>" prompt only when
// the chunk ended early (an open block, string or bracket).
//
// The prompt sits behind the Prompter interface: Terminal is the
// liner-backed one, and tests drive the loop with scripted input.
// Interrupts are a channel: a signal during an evaluation cancels that
// evaluation's context, which stops Lua loops and CRM calls in flight,
// and the session carries on.
package repl
