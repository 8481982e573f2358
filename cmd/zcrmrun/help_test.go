package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Every command's --help has a usage line naming each of its flags (the
// log flags aside, which every command takes) with the placeholder its
// Flags section shows, and no flag it lacks; the top-level usage, auth's
// usage and the README list the same lines.
func TestHelpIsCompleteAndAccurate(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	top, _, _ := runCLI(t, "help")
	authHelp, _, _ := runCLI(t, "auth", "--help")
	flagLine := regexp.MustCompile(`^  -([a-z-]+)(?: (\S+))?$`)
	inSynopsis := regexp.MustCompile(`--([a-z-]+)(?: ([A-Z][A-Z:|-]*))?`)
	for _, name := range commandOrder {
		out, errOut, code := runCLI(t, append(strings.Fields(name), "--help")...)
		lines := strings.Split(out, "\n")
		if code != exitOK || lines[0] != "Usage: zcrmrun "+synopses[name] {
			t.Errorf("%s --help: exit %d, first line %q, stderr %q", name, code, lines[0], errOut)
			continue
		}
		named := map[string]string{} // flag -> placeholder in the usage line
		for _, m := range inSynopsis.FindAllStringSubmatch(synopses[name], -1) {
			named[m[1]] = strings.TrimSuffix(m[2], "|-") // "TOKEN|-": - reads it from stdin
		}
		defined := map[string]bool{}
		for _, l := range lines {
			m := flagLine.FindStringSubmatch(l)
			if m == nil || m[1] == "log-level" || m[1] == "log-format" {
				continue
			}
			defined[m[1]] = true
			placeholder, ok := named[m[1]]
			switch {
			case !ok:
				t.Errorf("%s: the usage line lacks --%s", name, m[1])
			case placeholder != m[2]:
				t.Errorf("%s: the usage line has --%s %s, the flags --%s %s", name, m[1], placeholder, m[1], m[2])
			}
		}
		for f := range named {
			if !defined[f] {
				t.Errorf("%s: the usage line names --%s, which the command does not take", name, f)
			}
		}
		if !strings.Contains(top, "\n  zcrmrun "+synopses[name]+"\n") {
			t.Errorf("zcrmrun help lacks the line of %s", name)
		}
		if !strings.Contains(string(readme), "\nzcrmrun "+synopses[name]+"\n") {
			t.Errorf("README's Commands lack the line of %s", name)
		}
		if strings.HasPrefix(name, "auth ") && !strings.Contains(authHelp, "  zcrmrun "+synopses[name]+"\n") {
			t.Errorf("zcrmrun auth --help lacks the line of %s", name)
		}
	}
	if out, _, code := runCLI(t, "version"); code != exitOK || !strings.HasPrefix(out, "zcrmrun ") {
		t.Errorf("version: exit %d %q", code, out)
	}
	if !slices.Contains(strings.Fields(authHelp), "status") || !strings.Contains(authHelp, "COMMAND --help") {
		t.Errorf("auth --help does not say what the commands do:\n%s", authHelp)
	}
}
