package repl_test

import (
	"context"
	"fmt"
	"os"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/luabind"
	"github.com/zcrmrun/zcrmrun/repl"
	"github.com/zcrmrun/zcrmrun/script"
)

// historyHelperEnv, set to a history file, makes the test binary a REPL
// on its terminal keeping history there, as `zcrmrun repl` does; a test
// runs it in a pseudo-terminal.
const historyHelperEnv = "ZCRMRUN_REPL_TEST_HISTORY"

func terminalSession(hist string) int {
	term, err := repl.NewTerminal(hist)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	defer term.Close()
	mod := luabind.NewModule(sandbox.Session(""))
	in := script.NewInterp(script.Env{Stdout: os.Stdout, Stderr: os.Stderr, Setup: func(L *lua.LState) {
		L.SetGlobal("crm", mod.Open(L))
	}}, ".", "zcrmrun")
	defer in.Close()
	if err := repl.Run(context.Background(), repl.Options{Prompter: term, Interp: in, Out: os.Stdout, Err: os.Stderr}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}
