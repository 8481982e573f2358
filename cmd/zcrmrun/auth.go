package main

import (
	"context"
	"fmt"

	"github.com/zcrmrun/zcrmrun/config"
	"github.com/zcrmrun/zcrmrun/session"
)

func (c *cli) auth(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(c.stderr, "Usage: zcrmrun auth import [--config FILE] --refresh-token TOKEN [--user ID]")
		return exitUsage
	}
	switch args[0] {
	case "import":
		return c.authImport(ctx, args[1:])
	}
	fmt.Fprintf(c.stderr, "zcrmrun auth: unknown command %q (known: import)\n", args[0])
	return exitUsage
}

func (c *cli) authImport(ctx context.Context, args []string) int {
	fs := c.flags("auth import", "auth import [--config FILE] --refresh-token TOKEN [--user ID]")
	cfgPath := fs.String("config", "", "config file (default ./config.toml when present)")
	token := fs.String("refresh-token", "", "a refresh token from Zoho (required)")
	user := fs.String("user", "", "user identifier to store it for (default [api] user)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *token == "" {
		fmt.Fprintln(c.stderr, "zcrmrun auth import: --refresh-token is required")
		return exitUsage
	}
	cfg, err := config.LoadDefault(*cfgPath)
	if err != nil {
		return c.fail(err)
	}
	sess := session.New(cfg, *user)
	if err := sess.Import(ctx, *token); err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "stored a refresh token for user %q; runs now mint access tokens themselves\n", sess.UserID())
	return exitOK
}
