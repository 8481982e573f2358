package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/zcrmrun/zcrmrun/config"
	"github.com/zcrmrun/zcrmrun/oauth"
)

const firstScript = `-- first.lua: your first zcrmrun script. It lists a few Leads.
--
--   zcrmrun run --sandbox scripts/first.lua   (against the built-in emulator)
--   zcrmrun run scripts/first.lua             (against your CRM, per config.toml)

local leads, info = crm.records.list("Leads", {per_page = 10, fields = {"Full_Name", "Company", "Email"}})
crm.print_table(leads, {"Full_Name", "Company", "Email"})
print(string.format("%d leads on this page; more: %s", info.count, tostring(info.more_records)))
`

func (c *cli) init(_ context.Context, args []string) int {
	flags := c.flags("init", synopses["init"])
	dc := flags.String("dc", "us", "Zoho data centre `DC`: us, eu, in, au, cn, jp or ca")
	if code, ok := c.parse(flags, args); !ok {
		return code
	}
	d, err := oauth.LookupDataCentre(*dc)
	if err != nil {
		fmt.Fprintln(c.stderr, "zcrmrun init: --dc:", err)
		return exitUsage
	}
	dir := "."
	if flags.NArg() > 0 {
		dir = flags.Arg(0)
	}
	files := []struct {
		path, content string
		mode          os.FileMode
	}{
		{filepath.Join(dir, "config.toml"), config.Template(d.Name), 0o600},
		{filepath.Join(dir, "scripts", "first.lua"), firstScript, 0o644},
	}
	for _, f := range files {
		if _, err := os.Stat(f.path); err == nil {
			fmt.Fprintf(c.stderr, "zcrmrun init: %s exists; nothing was written\n", f.path)
			return exitUsage
		} else if !errors.Is(err, fs.ErrNotExist) {
			return c.fail(err)
		}
	}
	for _, f := range files {
		if err := os.MkdirAll(filepath.Dir(f.path), 0o755); err != nil {
			return c.fail(err)
		}
		if err := os.WriteFile(f.path, []byte(f.content), f.mode); err != nil {
			return c.fail(err)
		}
		fmt.Fprintln(c.stdout, "wrote", f.path)
	}
	// The steps run from the project folder, where ./config.toml is the
	// config every command reads by default.
	var steps []string
	if filepath.Clean(dir) != "." {
		steps = append(steps, "Go to the project folder:  cd "+shellQuote(dir))
	}
	steps = append(steps,
		fmt.Sprintf("Sign in to the Zoho API console, %s, and add a \"Self Client\".", strings.Replace(d.AccountsURL, "://accounts.", "://api-console.", 1)),
		"Copy its Client ID and Client Secret into [oauth] in config.toml.",
		"Under \"Generate Code\", enter the scopes\n       ZohoCRM.modules.ALL,ZohoCRM.settings.ALL,ZohoCRM.users.READ,ZohoCRM.org.READ,ZohoCRM.coql.READ\n"+
			"     pick a duration (the code lives 3 to 10 minutes, and works once), and copy the code.",
		"Set [api] user to the email of the CRM user the code was made for.",
		"Exchange the code:  zcrmrun auth grant PASTE-THE-CODE\n     (or, with a refresh token you already have: zcrmrun auth import --refresh-token TOKEN)",
		"Run your first script:  zcrmrun run scripts/first.lua",
	)
	fmt.Fprintf(c.stdout, "\nNext steps (Zoho data centre %q):\n", d.Name)
	for i, step := range steps {
		fmt.Fprintf(c.stdout, "  %d. %s\n", i+1, step)
	}
	fmt.Fprintln(c.stdout, "Rehearse any script first with --sandbox: it runs against a built-in emulator and touches nothing:\n"+
		"  zcrmrun run --sandbox scripts/first.lua")
	return exitOK
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
