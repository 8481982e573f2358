package main

import (
	"fmt"
	"strings"
)

// hostSynopsis is the flags run, watch and repl share (addHostFlags).
const hostSynopsis = "[--config FILE] [--sandbox [--tls] [--faults SPEC]] [--user ID] [--ca-file FILE] [--timeout D] [--quiet] [--verbose]"

// authSynopsis is the flags of the auth commands that talk to Zoho.
const authSynopsis = "[--config FILE] [--user ID] [--ca-file FILE] [--verbose]"

// synopses are each command's usage line, after "zcrmrun ": the one list
// the top-level usage, auth's usage and each --help print (the README's
// Commands block repeats it; a test keeps them the same). Every command
// also takes --log-level and --log-format.
var synopses = map[string]string{
	"run":         "run " + hostSynopsis + " [--dry-run] [--stats] [--max-credits N] [--singleton NAME] SCRIPT|- [ARGS...]",
	"watch":       "watch " + hostSynopsis + " [--debounce D] [--initial] FOLDER...",
	"repl":        "repl " + hostSynopsis,
	"serve":       "serve " + hostSynopsis + " [--addr HOST:PORT] [--public-url URL] FOLDER...",
	"sandbox":     "sandbox [--addr HOST:PORT [--allow-remote]] [--json] [--tls] [--state FILE] [--edition NAME] [--leads N] [--latency D] [--faults SPEC]",
	"auth grant":  "auth grant CODE|- " + authSynopsis,
	"auth import": "auth import --refresh-token TOKEN|- " + authSynopsis,
	"auth status": "auth status [--config FILE]",
	"auth revoke": "auth revoke " + authSynopsis,
	"init":        "init [--dc DC] [DIR]",
	"version":     "version",
}

// commandOrder is the order usages list the commands in.
var commandOrder = []string{"run", "watch", "repl", "serve", "sandbox", "auth grant", "auth import", "auth status", "auth revoke", "init", "version"}

// usageLines is every command's synopsis, one indented line each, from
// commands that start with prefix ("" for all).
func usageLines(prefix string) string {
	var b strings.Builder
	for _, name := range commandOrder {
		if strings.HasPrefix(name, prefix) {
			b.WriteString("  zcrmrun " + synopses[name] + "\n")
		}
	}
	return b.String()
}

// version is `zcrmrun version`.
func (c *cli) version(args []string) int {
	fs := c.flags("version", synopses["version"])
	if code, ok := c.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(c.stderr, "zcrmrun version: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	fmt.Fprintln(c.stdout, "zcrmrun", version)
	return exitOK
}

// examples are the Examples section of each command's --help.
var examples = map[string]string{
	"run": `  zcrmrun run --sandbox scripts/top_leads.lua 10
  zcrmrun run scripts/import_leads_csv.lua leads.csv --rejected=rejected.csv
  zcrmrun run --dry-run scripts/dedupe_contacts.lua --merge     # see what would change, change nothing
  zcrmrun run --stats --max-credits 500 scripts/stale_deals.lua --days=45
  zcrmrun run --log-level debug --log-format json --timeout 10m nightly.lua
`,
	"watch": `  zcrmrun watch --sandbox scripts/
  zcrmrun watch --initial --debounce 500ms --timeout 2m automations/
`,
	"repl": `  zcrmrun repl --sandbox
  echo 'crm.records.list("Leads", {per_page = 3})' | zcrmrun repl --sandbox   # lines evaluated as typed
`,
	"serve": `  zcrmrun serve --sandbox handlers/       # a local loop: the emulator notifies, handlers run
  zcrmrun serve --config prod.toml --addr 0.0.0.0:8080 --public-url https://hooks.example.com handlers/
`,
	"sandbox": `  zcrmrun sandbox
  zcrmrun sandbox --json --addr 127.0.0.1:8443 --tls --state sandbox.json
  zcrmrun sandbox --edition free      # 5,000 API credits a day, 5 calls at once
`,
	"init": `  zcrmrun init
  zcrmrun init --dc eu my-automations
`,
	"auth grant": `  zcrmrun auth grant 1000.6a1f...   # the code from api-console.zoho.com, within its minutes
  pbpaste | zcrmrun auth grant -     # "-" reads the code from stdin, keeping it out of ps
  zcrmrun auth grant --user ops@example.com --config prod.toml 1000.6a1f...
`,
	"auth import": `  zcrmrun auth import --refresh-token - < refresh-token.txt   # "-": from stdin, out of ps
  zcrmrun auth import --refresh-token "$ZOHO_REFRESH_TOKEN" --user ops@example.com
`,
	"auth status": `  zcrmrun auth status --config prod.toml
`,
	"auth revoke": `  zcrmrun auth revoke --user ops@example.com
`,
	"version": `  zcrmrun version
`,
}

// exitCodesHelp ends every command's --help.
const exitCodesHelp = `
Exit codes: 0 ok; 1 the script or command failed (it raised or does not parse, a CRM, network or
authorisation error, --timeout, --max-credits reached); 2 usage or configuration error; 130 (143) run
stopped by Ctrl-C (SIGTERM); a script's os.exit(n) exits with n.
`
