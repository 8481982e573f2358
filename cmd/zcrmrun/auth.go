package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/zcrmrun/zcrmrun/config"
	"github.com/zcrmrun/zcrmrun/session"
	"github.com/zcrmrun/zcrmrun/tokenstore"
)

// authUsage is what `zcrmrun auth` alone and `auth --help` print.
func authUsage() string {
	return "Usage:\n" + usageLines("auth ") + `
  grant    exchange a grant code from the Zoho API console for tokens, and store them
  import   store a refresh token you already have, after minting a first access token with it
  status   name the token store and list its users, with the time left on each access token
  revoke   revoke a user's refresh token at Zoho and delete the user's tokens here

Every auth command also takes --log-level and --log-format.
Run 'zcrmrun auth COMMAND --help' for a command's flags and examples.
`
}

func (c *cli) auth(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(c.stderr, authUsage())
		return exitUsage
	}
	switch args[0] {
	case "grant":
		return c.authGrant(ctx, args[1:])
	case "import":
		return c.authImport(ctx, args[1:])
	case "status":
		return c.authStatus(ctx, args[1:])
	case "revoke":
		return c.authRevoke(ctx, args[1:])
	case "help", "-h", "--help":
		fmt.Fprint(c.stdout, authUsage())
		return exitOK
	}
	fmt.Fprintf(c.stderr, "zcrmrun auth: unknown command %q (known: grant, import, status, revoke)\n", args[0])
	return exitUsage
}

// authFlags are the flags every auth command shares.
type authFlags struct {
	config, user, caFile *string
}

func (c *cli) authFlagSet(name string, withUser bool) (*flag.FlagSet, authFlags) {
	fs := c.flags(name, synopses[name])
	f := authFlags{config: fs.String("config", "", "config `FILE` (default ./config.toml when present)")}
	if withUser {
		f.user = fs.String("user", "", "user identifier `ID` (default [api] user)")
		c.addVerboseFlag(fs)
		f.caFile = addCAFileFlag(fs)
	}
	return fs, f
}

// session loads the config and opens a session for the flags' user.
func (c *cli) session(f authFlags) (*session.Session, error) {
	cfg, err := config.LoadDefault(*f.config)
	if err != nil {
		return nil, err
	}
	opts := []session.Option{session.WithLogger(c.logger())}
	if f.caFile != nil && *f.caFile != "" {
		if err := session.CheckCAFile(*f.caFile); err != nil {
			return nil, &config.Error{Msg: "--ca-file " + err.Error()}
		}
		opts = append(opts, session.WithCAFile(*f.caFile))
	}
	return session.New(cfg, *f.user, opts...), nil
}

func (c *cli) authGrant(ctx context.Context, args []string) int {
	fs, f := c.authFlagSet("auth grant", true)
	pos, code, ok := c.parseInterspersed(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprintln(c.stderr, "zcrmrun auth grant: give exactly one grant CODE (from the Zoho API console's Self Client)")
		return exitUsage
	}
	grant, err := c.secret(pos[0], "grant code")
	if err != nil {
		fmt.Fprintln(c.stderr, "zcrmrun auth grant:", err)
		return exitUsage
	}
	sess, err := c.session(f)
	if err != nil {
		return c.fail(err)
	}
	if err := sess.Grant(ctx, grant); err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "stored tokens for user %q; runs now refresh them by themselves\n", sess.UserID())
	return exitOK
}

func (c *cli) authImport(ctx context.Context, args []string) int {
	fs, f := c.authFlagSet("auth import", true)
	token := fs.String("refresh-token", "", "a refresh `TOKEN` from Zoho, or - to read it from stdin (required)")
	if code, ok := c.parseNoArgs(fs, args, "the refresh token goes in --refresh-token"); !ok {
		return code
	}
	if *token == "" {
		fmt.Fprintln(c.stderr, "zcrmrun auth import: --refresh-token is required")
		return exitUsage
	}
	refresh, err := c.secret(*token, "refresh token")
	if err != nil {
		fmt.Fprintln(c.stderr, "zcrmrun auth import:", err)
		return exitUsage
	}
	sess, err := c.session(f)
	if err != nil {
		return c.fail(err)
	}
	if err := sess.Import(ctx, refresh); err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "stored a refresh token for user %q; runs now mint access tokens themselves\n", sess.UserID())
	return exitOK
}

func (c *cli) authStatus(ctx context.Context, args []string) int {
	fs, f := c.authFlagSet("auth status", false)
	if code, ok := c.parseNoArgs(fs, args, "name the store with --config FILE"); !ok {
		return code
	}
	cfg, err := config.LoadDefault(*f.config)
	if err != nil {
		return c.fail(err)
	}
	store, err := session.OpenStore(cfg)
	if err != nil {
		return c.fail(err)
	}
	kind := cfg.TokenStore.Kind
	if kind == "" {
		kind = "file"
	}
	if l, ok := store.(tokenstore.Locator); ok {
		fmt.Fprintf(c.stdout, "%s token store: %s\n", kind, l.Location())
	}
	lister, ok := store.(tokenstore.Lister)
	if !ok {
		return c.fail(fmt.Errorf("the %s token store cannot list its users", kind))
	}
	users, err := lister.Users(ctx)
	if err != nil {
		return c.fail(err)
	}
	defer c.sayDefaultUser(cfg)
	if len(users) == 0 {
		fmt.Fprintf(c.stdout, "no users in the %s token store; authorise one with `zcrmrun auth grant CODE`\n", kind)
		return exitOK
	}
	now := time.Now()
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "USER\tSTORE\tACCESS TOKEN\tREFRESH TOKEN")
	for _, u := range users {
		t, err := store.Load(ctx, u)
		if err != nil {
			return c.fail(err)
		}
		refresh := "stored"
		if t.RefreshToken == "" {
			refresh = "missing"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u, kind, expiry(t, now), refresh)
	}
	tw.Flush()
	return exitOK
}

// sayDefaultUser names the user that commands act as without --user, and
// where that comes from: an unset [api] user is the seed SDK's default
// user, which should not be a surprise.
func (c *cli) sayDefaultUser(cfg *config.Config) {
	if cfg.API.User != "" {
		fmt.Fprintf(c.stdout, "without --user, commands act as %q ([api] user)\n", cfg.API.User)
		return
	}
	fmt.Fprintf(c.stdout, "without --user, commands act as %q, the seed SDK's default user: [api] user is unset\n", config.DefaultUser)
}

// expiry says how long an access token has left, to the second. An expiry
// further than a day away or ago is given as a date: Zoho's access tokens
// last an hour, and a duration past 292 years does not even fit
// time.Duration (a stored expiry of year 9999 printed 2562047h47m16s).
func expiry(t tokenstore.Token, now time.Time) string {
	const far = 24 * time.Hour
	date := t.Expiry.UTC().Format("2006-01-02 15:04:05 MST")
	switch {
	case t.AccessToken == "":
		return "none"
	case t.Expiry.IsZero():
		return "expiry unknown"
	case t.Expiry.After(now.Add(far)):
		return "expires " + date + " (Zoho's access tokens last an hour: the stored expiry is wrong)"
	case now.Before(t.Expiry):
		return "expires in " + t.Expiry.Sub(now).Round(time.Second).String()
	case t.Expiry.Before(now.Add(-far)):
		return "expired " + date
	}
	return "expired " + now.Sub(t.Expiry).Round(time.Second).String() + " ago"
}

func (c *cli) authRevoke(ctx context.Context, args []string) int {
	fs, f := c.authFlagSet("auth revoke", true)
	if code, ok := c.parseNoArgs(fs, args, "name the user with --user ID"); !ok {
		return code
	}
	sess, err := c.session(f)
	if err != nil {
		return c.fail(err)
	}
	known, err := sess.Revoke(ctx)
	if err != nil {
		return c.fail(err)
	}
	if !known {
		fmt.Fprintf(c.stdout, "Zoho no longer knew the refresh token of user %q; deleted the user's tokens here\n", sess.UserID())
		return exitOK
	}
	fmt.Fprintf(c.stdout, "revoked the tokens of user %q at Zoho and deleted them here\n", sess.UserID())
	return exitOK
}

// parseInterspersed parses flags that may come before or after positional
// arguments (auth grant CODE --user ID); it returns the positionals.
func (c *cli) parseInterspersed(fs *flag.FlagSet, args []string) (pos []string, code int, ok bool) {
	for {
		if code, ok := c.parse(fs, args); !ok {
			return nil, code, false
		}
		if fs.NArg() == 0 {
			return pos, 0, true
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// parseNoArgs parses the flags of a command that takes no positional
// arguments. A stray argument is not echoed: it is most likely a token.
func (c *cli) parseNoArgs(fs *flag.FlagSet, args []string, hint string) (code int, ok bool) {
	pos, code, ok := c.parseInterspersed(fs, args)
	if !ok {
		return code, false
	}
	if len(pos) > 0 {
		fmt.Fprintf(c.stderr, "zcrmrun %s: takes no arguments; %s\n", fs.Name(), hint)
		return exitUsage, false
	}
	return 0, true
}

// zohoToken matches Zoho's access and refresh tokens and grant codes.
var zohoToken = regexp.MustCompile(`1000\.[0-9a-f]{32}\.[0-9a-f]{32}`)

// secret returns v, or when v is "-" the first line of stdin, so that a
// grant code or refresh token need not sit in the process's arguments,
// where any user of the machine can read it (ps).
func (c *cli) secret(v, what string) (string, error) {
	if v != "-" {
		return v, nil
	}
	in := c.stdin
	if in == nil {
		in = os.Stdin
	}
	line, err := bufio.NewReader(in).ReadString('\n')
	line = strings.TrimSpace(line)
	if line == "" {
		if err == nil || errors.Is(err, io.EOF) {
			err = errors.New("stdin is empty")
		}
		return "", fmt.Errorf("reading the %s from stdin: %w", what, err)
	}
	return line, nil
}
