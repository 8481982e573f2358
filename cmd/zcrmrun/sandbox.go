package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/zcrmrun/zcrmrun/session"
)

func (c *cli) sandbox(ctx context.Context, args []string) int {
	fs := c.flags("sandbox", "sandbox [--addr HOST:PORT] [--json]")
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on (port 0 picks a free port)")
	asJSON := fs.Bool("json", false, "print the connection details as one JSON line first")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	sb, err := session.StartSandbox(ctx, *addr)
	if err != nil {
		return c.fail(err)
	}
	defer sb.Close()
	url := sb.Server.URL()
	info := map[string]string{
		"api_url":       url,
		"accounts_url":  url,
		"token_url":     url + "/oauth/v2/token",
		"client_id":     sb.ClientID,
		"client_secret": sb.ClientSecret,
		"refresh_token": sb.RefreshToken,
		"user":          sb.UserID,
	}
	if *asJSON {
		b, _ := json.Marshal(info)
		fmt.Fprintln(c.stdout, string(b))
	} else {
		fmt.Fprintf(c.stdout, "crmsim is serving Zoho Accounts and CRM v2 at %s (Ctrl-C stops it)\n", url)
		fmt.Fprintf(c.stdout, "  api_url        %s/crm/v2\n  accounts_url   %s\n  client_id      %s\n  client_secret  %s\n  refresh_token  %s\n",
			url, url, sb.ClientID, sb.ClientSecret, sb.RefreshToken)
		fmt.Fprintln(c.stdout, "These are throwaway sandbox credentials; they die with this process.")
	}
	<-ctx.Done()
	return exitOK
}
