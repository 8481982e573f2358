package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestLogFlagsOnRun(t *testing.T) {
	script := writeFile(t, t.TempDir(), "log.lua", `log.info("synced", 3) log.debug("detail") crm.records.list("Leads", {per_page = 1})`)

	// JSON: every stderr line is an object; HTTP calls at debug, the script's log.* too.
	_, errOut, code := runCLI(t, "run", "--sandbox", "--log-level", "debug", "--log-format", "json", script)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var sawHTTP, sawScript, sawDebug bool
	for _, line := range lines(errOut) {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("stderr line is not JSON: %q", line)
		}
		sawHTTP = sawHTTP || rec["msg"] == "http" && rec["path"] == "/crm/v2/Leads" && rec["status"] == float64(200)
		sawScript = sawScript || rec["msg"] == "synced\t3" && rec["level"] == "INFO" && strings.HasSuffix(rec["at"].(string), "log.lua:1")
		sawDebug = sawDebug || rec["msg"] == "detail"
	}
	if !sawHTTP || !sawScript || !sawDebug {
		t.Errorf("http %v, script info %v, script debug %v in:\n%s", sawHTTP, sawScript, sawDebug, errOut)
	}

	// Text at the default level: the script's info line, no HTTP calls.
	_, errOut, _ = runCLI(t, "run", "--sandbox", script)
	if !strings.Contains(errOut, "INFO  ") || strings.Contains(errOut, "msg=http") || strings.Contains(errOut, "detail") {
		t.Errorf("default logging:\n%s", errOut)
	}
	// --verbose is --log-level debug (README), for zcrmrun's own log and
	// for scripts' log.*.
	_, errOut, _ = runCLI(t, "run", "--sandbox", "--verbose", script)
	if !strings.Contains(errOut, "msg=http") || !strings.Contains(errOut, "log.lua:1: detail") {
		t.Errorf("--verbose logged no HTTP call or no log.debug:\n%s", errOut)
	}
	// --log-level error silences the script's info.
	_, errOut, _ = runCLI(t, "run", "--sandbox", "--log-level", "error", script)
	if errOut != "" {
		t.Errorf("--log-level error wrote %q", errOut)
	}
	_, errOut, code = runCLI(t, "run", "--sandbox", "--log-level", "loud", script)
	if code != exitUsage || !strings.Contains(errOut, "use debug, info, warn or error") {
		t.Errorf("bad level: exit %d, %s", code, errOut)
	}
}

// Every command answers --help on stdout with its flags, the log flags,
// examples and the exit codes, and exits 0.
func TestHelpForEveryCommand(t *testing.T) {
	for _, args := range [][]string{{"run"}, {"watch"}, {"repl"}, {"sandbox"}, {"init"},
		{"auth", "grant"}, {"auth", "import"}, {"auth", "status"}, {"auth", "revoke"}} {
		out, errOut, code := runCLI(t, append(args, "--help")...)
		name := strings.Join(args, " ")
		if code != exitOK || errOut != "" {
			t.Errorf("%s --help: exit %d, stderr %q", name, code, errOut)
		}
		for _, want := range []string{"Usage: zcrmrun " + name, "-log-level", "-log-format", "Examples:\n  zcrmrun " + name, "Exit codes: 0 ok; 1"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s --help lacks %q:\n%s", name, want, out)
			}
		}
	}
}

// A bad flag is one line that names it and where the usage is.
func TestBadFlagIsOneLine(t *testing.T) {
	_, errOut, code := runCLI(t, "run", "--sandbx", "x.lua")
	if code != exitUsage || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "-sandbx") || !strings.Contains(errOut, "zcrmrun run --help") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
}

func TestSandboxRefusesAnUnknownEdition(t *testing.T) {
	_, errOut, code := runCLI(t, "sandbox", "--edition", "platinum")
	if code != exitUsage || !strings.Contains(errOut, `--edition "platinum": use free, standard, professional, enterprise or ultimate`) {
		t.Errorf("exit %d: %s", code, errOut)
	}
}
