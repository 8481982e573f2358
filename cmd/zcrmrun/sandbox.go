package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"strings"

	"github.com/zcrmrun/zcrmrun/crmsim"
	"github.com/zcrmrun/zcrmrun/session"
)

func (c *cli) sandbox(ctx context.Context, args []string) int {
	fs := c.flags("sandbox", synopses["sandbox"])
	addr := fs.String("addr", "127.0.0.1:0", "address `HOST:PORT` to listen on (port 0 picks a free port); beyond loopback it needs --allow-remote")
	allowRemote := fs.Bool("allow-remote", false, "allow an --addr beyond loopback; the control endpoints under /crmsim/ then need the admin_secret printed at start")
	asJSON := fs.Bool("json", false, "print the connection details as one JSON line first")
	useTLS := fs.Bool("tls", false, "serve HTTPS with a generated certificate for loopback and the address bound; clients trust the CA file printed as ca_cert")
	state := fs.String("state", "", "keep the emulator's data, client and refresh token in `FILE` across restarts")
	edition := fs.String("edition", "", "emulate the API limits of Zoho edition `NAME`: free, standard, professional, enterprise (default) or ultimate")
	faults := addFaultsFlag(fs, faultsUsage)
	leads := fs.Int("leads", crmsim.DefaultSeed.Leads, "seed `N` Leads (the other modules keep their demo counts)")
	latency := durationVar(fs, "latency", 0, "add `D` (such as 50ms) to every CRM call, as a distant data centre would")
	if code, ok := c.parse(fs, args); !ok {
		return code
	}
	if *edition != "" && !crmsim.IsEdition(*edition) {
		fmt.Fprintf(c.stderr, "zcrmrun sandbox: --edition %q: use free, standard, professional, enterprise or ultimate\n", *edition)
		return exitUsage
	}
	if *leads < 0 {
		fmt.Fprintln(c.stderr, "zcrmrun sandbox: --leads cannot be negative")
		return exitUsage
	}
	seed := crmsim.DefaultSeed
	seed.Leads = *leads
	if fs.NArg() > 0 {
		fmt.Fprintf(c.stderr, "zcrmrun sandbox: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	var adminSecret string
	if remote, why := beyondLoopback(*addr); remote {
		if !*allowRemote {
			fmt.Fprintf(c.stderr, "zcrmrun sandbox: --addr %s %s, and anyone who reaches it can mint credentials and read every record; add --allow-remote to serve it anyway\n", *addr, why)
			return exitUsage
		}
		adminSecret = randomSecret()
		fmt.Fprintf(c.stderr, "zcrmrun sandbox: warning: serving beyond loopback on %s; the control endpoints under /crmsim/ need the admin_secret (header %s), but the CRM API and its data are only as private as the network\n", *addr, crmsim.AdminHeader)
	}
	sb, err := session.StartSandboxWith(ctx, session.SandboxOptions{Addr: *addr, TLS: *useTLS, StateFile: *state, Edition: *edition,
		Seed: &seed, Latency: *latency, Faults: faults.faults, Logger: c.logger(), AdminSecret: adminSecret})
	if err != nil {
		return c.fail(err)
	}
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
	if ca := sb.Server.CACertFile(); ca != "" {
		info["ca_cert"] = ca
	}
	// A grant code, so `zcrmrun auth grant` and other clients' code
	// exchange can be tried here; like Zoho's, it lives 3 minutes and
	// serves once. /oauth/v2/auth mints more, as Zoho's consent page does.
	grant, err := sb.Server.GrantCode(sb.ClientID, "", "") // for the org's first user
	if err != nil {
		sb.Close()
		return c.fail(fmt.Errorf("sandbox: minting a grant code: %w", err))
	}
	info["grant_code"] = grant
	if adminSecret != "" {
		info["admin_secret"] = adminSecret
	}
	if f := faults.faults; f.MySQL != "" {
		// Loopback whatever --addr says: the proxy speaks for a database.
		proxy := crmsim.NewTCPProxy(f.MySQL, f.MySQLFaults)
		if err := proxy.Start("127.0.0.1:0"); err != nil {
			sb.Close()
			return c.fail(fmt.Errorf("sandbox: the MySQL fault proxy: %w", err))
		}
		defer proxy.Close()
		info["mysql_proxy"] = proxy.Addr()
	}
	if *asJSON {
		b, _ := json.Marshal(info)
		fmt.Fprintln(c.stdout, string(b))
	} else {
		// api_url is the base, as in --json and as [api] url takes it;
		// clients add /crm/v2/... (or another version) themselves.
		fmt.Fprintf(c.stdout, "crmsim is serving Zoho Accounts and the CRM API (/crm/v2 ... /crm/v8) at %s (Ctrl-C stops it)\n", url)
		fmt.Fprintf(c.stdout, "  api_url        %s\n  accounts_url   %s\n  client_id      %s\n  client_secret  %s\n  refresh_token  %s\n",
			url, url, sb.ClientID, sb.ClientSecret, sb.RefreshToken)
		fmt.Fprintf(c.stdout, "  grant_code     %s (for zcrmrun auth grant; valid 3 minutes, once; %s/oauth/v2/auth mints more)\n", grant, url)
		if ca := sb.Server.CACertFile(); ca != "" {
			fmt.Fprintf(c.stdout, "  ca_cert        %s (trust it: NODE_EXTRA_CA_CERTS, curl --cacert)\n", ca)
		}
		if adminSecret != "" {
			fmt.Fprintf(c.stdout, "  admin_secret   %s (send it as %s to /crmsim/ endpoints)\n", adminSecret, crmsim.AdminHeader)
		}
		if faults.spec != "" {
			fmt.Fprintf(c.stdout, "Injecting faults: %s\n", faults.spec)
		}
		if p := info["mysql_proxy"]; p != "" {
			fmt.Fprintf(c.stdout, "  mysql_proxy    %s (point [tokenstore] dsn at it: user:password@tcp(%s)/zohooauth)\n", p, p)
		}
		if *state != "" {
			fmt.Fprintf(c.stdout, "Data and credentials are kept in %s and survive restarts.\n", *state)
		} else {
			fmt.Fprintln(c.stdout, "These are throwaway sandbox credentials; they die with this process.")
		}
	}
	<-ctx.Done()
	if err := sb.Close(); err != nil {
		return c.fail(err) // e.g. the final save of --state failed
	}
	return exitOK
}

// beyondLoopback reports whether addr listens where other machines can
// reach it, and says why: a wildcard or empty host, a host name other than
// localhost, or an address off loopback.
func beyondLoopback(addr string) (bool, string) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr // let Listen name the problem
	}
	switch ip := net.ParseIP(host); {
	case host == "" || ip != nil && ip.IsUnspecified():
		return true, "listens on every interface"
	case ip == nil && !strings.EqualFold(host, "localhost"):
		return true, "is not a loopback address"
	case ip != nil && !ip.IsLoopback():
		return true, "is not a loopback address"
	}
	return false, ""
}

// randomSecret is a fresh admin secret: 128 random bits in hex.
func randomSecret() string {
	b := make([]byte, 16)
	rand.Read(b) // crypto/rand never fails on supported systems
	return hex.EncodeToString(b)
}
