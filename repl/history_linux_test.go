package repl_test

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/zcrmrun/zcrmrun/internal/syncbuf"
)

// openPTY opens a pseudo-terminal of 120x50: the master for the test, the
// slave for the REPL's stdin, stdout and stderr.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	ioctl := func(f *os.File, req uintptr, arg unsafe.Pointer) {
		if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), req, uintptr(arg)); errno != 0 {
			t.Fatalf("ioctl %#x: %v", req, errno)
		}
	}
	var n uint32
	ioctl(master, syscall.TIOCGPTN, unsafe.Pointer(&n))
	var unlock int32
	ioctl(master, syscall.TIOCSPTLCK, unsafe.Pointer(&unlock))
	slave, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	size := [4]uint16{50, 120, 0, 0} // struct winsize: rows, columns, pixels
	ioctl(slave, syscall.TIOCSWINSZ, unsafe.Pointer(&size))
	return master, slave
}

// TestHistoryFileLeavesOutZohoSecrets types lines into a REPL on a real
// (pseudo-)terminal and reads the history file it wrote: no line holding
// a grant code, token or client secret is there, however the call was
// spelt. The code and secret are the examples of Zoho's OAuth docs
// (zoho.com/accounts/protocol/oauth/mobile-and-desktop-apps/get-access-token.html).
func TestHistoryFileLeavesOutZohoSecrets(t *testing.T) {
	const (
		code   = "1000.86a03ca5dbfccb7445b1889b8215efb0.cad9e1ae4989a1196fe05aa729fcb4e1"
		secret = "122c324d3496d5d777ceeebc129470715fbb856b7"
	)
	lines := []struct {
		src  string
		keep bool
	}{
		{`x = 1`, true},
		{`local a = crm.auth; print(pcall(a.grant, "` + code + `"))`, false},
		{`print(pcall(crm["auth"]["grant"], "` + code + `"))`, false},
		{`token = "` + code + `"`, false},
		{`print(pcall(crm.auth.grant, token))`, false},
		{`client_secret = '` + secret + `'`, false},
		{`print(x + 1000.5, "1000.5")`, true},
	}
	hist := filepath.Join(t.TempDir(), "zcrmrun", "repl_history")
	master, slave := openPTY(t)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), historyHelperEnv+"="+hist)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	slave.Close()
	var screen syncbuf.Buffer
	go io.Copy(&screen, master)
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { cmd.Process.Kill() })

	// waitMark waits for the line's marker to be printed (computed, so the
	// typed text echoed cannot match) and a prompt after it.
	waitMark := func(i int) {
		t.Helper()
		mark := fmt.Sprintf("\nmark%d", i)
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
			s := screen.String()
			if j := strings.LastIndex(s, mark); j >= 0 && strings.Contains(s[j:], "crm> ") {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("no %q and prompt within 10s; terminal:\n%s", mark, s)
			}
		}
	}
	type_ := func(s string) {
		t.Helper()
		if _, err := master.WriteString(s); err != nil {
			t.Fatal(err)
		}
	}
	type_(`print("mark" .. 0)` + "\r")
	waitMark(0)
	var want []string
	for i, l := range lines {
		line := fmt.Sprintf(`%s; print("mark" .. %d)`, l.src, i+1)
		type_(line + "\r")
		waitMark(i + 1)
		if l.keep {
			want = append(want, line)
		}
	}
	type_("\x04") // Ctrl-D
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("REPL exited: %v; terminal:\n%s", err, screen.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("REPL did not exit at Ctrl-D; terminal:\n%s", screen.String())
	}
	data, err := os.ReadFile(hist)
	if err != nil {
		t.Fatal(err)
	}
	want = append([]string{`print("mark" .. 0)`}, want...)
	if got := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("history file holds\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if strings.Contains(string(data), "86a03ca5") || strings.Contains(string(data), "122c324d") {
		t.Fatalf("a secret reached the history file:\n%s", data)
	}
	// The session really ran the calls: each grant was refused by Zoho's
	// rules (the sandbox's Accounts), not skipped.
	if n := strings.Count(screen.String(), "false\t"); n < 3 {
		t.Fatalf("%d refused grants on the terminal, want 3:\n%s", n, screen.String())
	}
}
