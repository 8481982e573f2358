package main

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
}

// exitCodesHelp ends every command's --help.
const exitCodesHelp = `
Exit codes: 0 ok; 1 the script or command failed (it raised or does not parse, a CRM, network or
authorisation error, --timeout, --max-credits reached); 2 usage or configuration error; a script's
os.exit(n) exits with n.
`
