package lua51

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// zcrmrun is the binary under test, built once by TestMain.
var zcrmrun string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "lua51-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	zcrmrun = filepath.Join(dir, "zcrmrun")
	build := exec.Command("go", "build", "-o", zcrmrun, "github.com/zcrmrun/zcrmrun/cmd/zcrmrun")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building zcrmrun:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is what a run of a Lua program shows a user, in the form
// regen.sh records the reference interpreter's: stdout, then on failure
// "--- exit N" and "--- error: MESSAGE" (stderr up to the traceback).
func run(t *testing.T, dir, script string, timeout time.Duration, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, zcrmrun, append([]string{"run", script}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "XDG_CONFIG_HOME="+t.TempDir())
	cmd.WaitDelay = 2 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		return stdout.String() + fmt.Sprintf("--- killed after %s\n", timeout)
	}
	var b strings.Builder
	b.Write(stdout.Bytes())
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		fmt.Fprintf(&b, "--- exit %d\n", ee.ExitCode())
		msg, _, _ := strings.Cut(stderr.String(), "\nstack traceback:")
		if msg = strings.TrimSuffix(msg, "\n"); msg != "" {
			fmt.Fprintf(&b, "--- error: %s\n", msg)
		}
	default:
		t.Fatalf("running %s: %v", script, err)
	}
	return b.String()
}
