package main

import (
	"encoding/json"
	"path/filepath"
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

// With --log-format json every line on stderr is a JSON record: the error
// that ends a command is one ERROR record whose message is the line text
// mode prints (a script error's traceback in the same record), and the
// dry-run summary and --stats are INFO records.
func TestLogFormatJSONCoversFinalErrors(t *testing.T) {
	dir := t.TempDir()
	syntax := writeFile(t, dir, "syntax.lua", "local x = 1\nif x then\n")
	raise := writeFile(t, dir, "raise.lua", "local function f() error('boom') end\nf()\n")
	writes := writeFile(t, dir, "writes.lua", `crm.records.create("Leads", {{Last_Name = "Json"}})`)
	badConfig := writeFile(t, dir, "bad.toml", "[api]\ntimeout = 5\n")
	records := func(t *testing.T, stderr string) []map[string]any {
		t.Helper()
		var out []map[string]any
		for _, line := range lines(stderr) {
			var rec map[string]any
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Fatalf("stderr line is not JSON: %q\nstderr:\n%s", line, stderr)
			}
			out = append(out, rec)
		}
		return out
	}
	for _, args := range [][]string{
		{"run", filepath.Join(dir, "missing.lua")},
		{"run"},
		{"run", "--bogus", syntax},
		{"run", "--sandbox", syntax},
		{"run", "--sandbox", raise},
		{"auth", "status", "--config", badConfig},
		{"watch"},
	} {
		_, text, textCode := runCLI(t, args...)
		var withJSON []string
		if args[0] == "auth" {
			withJSON = append([]string{"auth", "status", "--log-format", "json"}, args[2:]...)
		} else {
			withJSON = append([]string{args[0], "--log-format", "json"}, args[1:]...)
		}
		_, got, code := runCLI(t, withJSON...)
		recs := records(t, got)
		if code == exitOK || code != textCode || len(recs) != 1 {
			t.Errorf("%q: exit %d (text %d), %d records, want one:\n%s", withJSON, code, textCode, len(recs), got)
			continue
		}
		if recs[0]["level"] != "ERROR" || recs[0]["msg"] != strings.TrimSuffix(text, "\n") {
			t.Errorf("%q: record %v, want level ERROR and msg %q", withJSON, recs[0], text)
		}
	}

	_, got, code := runCLI(t, "run", "--log-format", "json", "--sandbox", "--dry-run", "--stats", writes)
	if code != exitOK {
		t.Fatalf("exit %d:\n%s", code, got)
	}
	var summary, stats bool
	for _, rec := range records(t, got) {
		msg, _ := rec["msg"].(string)
		summary = summary || strings.HasPrefix(msg, "dry run: ") && rec["level"] == "INFO"
		stats = stats || strings.HasPrefix(msg, "stats: ") && rec["level"] == "INFO"
	}
	if !summary || !stats {
		t.Errorf("summary %v, stats %v as INFO records in:\n%s", summary, stats, got)
	}
}
