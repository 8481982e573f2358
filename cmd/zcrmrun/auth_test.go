package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zcrmrun/zcrmrun/crmsim"
	"github.com/zcrmrun/zcrmrun/oauth"
)

// authWorld is an emulator, a config file pointing at it with a file token
// store, and a record of everything the commands printed.
type authWorld struct {
	t          *testing.T
	srv        *crmsim.Server
	clock      *crmsim.Clock
	id, secret string
	dir        string
	config     string
	tokens     string
	output     bytes.Buffer // stdout and stderr of every command run
}

func newAuthWorld(t *testing.T) *authWorld {
	t.Helper()
	w := &authWorld{t: t, clock: crmsim.NewClock(time.Now()), dir: t.TempDir()}
	w.srv = crmsim.New(crmsim.Options{Now: w.clock.Now})
	w.srv.Seed(crmsim.SeedCounts{Leads: 7})
	if err := w.srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.srv.Close() })
	w.id, w.secret = w.srv.RegisterClient()
	w.tokens = filepath.Join(w.dir, "tokens", "tokens.json")
	w.config = w.writeConfig("config.toml", w.secret)
	return w
}

// writeConfig writes a config for the emulator with the given secret
// (empty leaves client_secret out).
func (w *authWorld) writeConfig(name, secret string) string {
	text := "[oauth]\nclient_id = \"" + w.id + "\"\n"
	if secret != "" {
		text += "client_secret = \"" + secret + "\"\n"
	}
	text += "accounts_url = \"" + w.srv.URL() + "\"\n[tokenstore]\nkind = \"file\"\npath = \"" + w.tokens + "\"\n"
	path := filepath.Join(w.dir, name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		w.t.Fatal(err)
	}
	return path
}

func (w *authWorld) code(crmUser string) string {
	w.t.Helper()
	code, err := w.srv.GrantCode(w.id, crmUser, "")
	if err != nil {
		w.t.Fatal(err)
	}
	return code
}

// zcrmrun runs one command in-process and returns its exit code and output.
func (w *authWorld) zcrmrun(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = (&cli{stdout: &out, stderr: &errb}).main(context.Background(), args)
	w.output.Write(out.Bytes())
	w.output.Write(errb.Bytes())
	return code, out.String(), errb.String()
}

// stored returns every token in the token file, to check later that none
// was ever printed.
func (w *authWorld) stored() []string {
	var out []string
	for _, t := range w.storedBy() {
		out = append(out, t.AccessToken, t.RefreshToken)
	}
	return out
}

type storedTokens struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
}

// storedBy reads the token file's tokens by user.
func (w *authWorld) storedBy() map[string]storedTokens {
	b, err := os.ReadFile(w.tokens)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		w.t.Fatal(err)
	}
	var f struct{ Users map[string]storedTokens }
	if err := json.Unmarshal(b, &f); err != nil {
		w.t.Fatal(err)
	}
	return f.Users
}

func (w *authWorld) script(text string) string {
	path := filepath.Join(w.dir, "s.lua")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		w.t.Fatal(err)
	}
	return path
}

func TestAuthGrantStatusRevoke(t *testing.T) {
	w := newAuthWorld(t)
	if code, out, _ := w.zcrmrun("auth", "status", "--config", w.config); code != 0 || !strings.Contains(out, "no users") ||
		!strings.HasPrefix(out, "file token store: "+w.tokens+"\n") {
		t.Fatalf("status of an empty store (it names the token file first): %d %q", code, out)
	}
	aliceCode := w.code("")
	if code, out, errs := w.zcrmrun("auth", "grant", aliceCode, "--user", "alice", "--config", w.config); code != 0 || !strings.Contains(out, `"alice"`) {
		t.Fatalf("grant for alice: %d %q %q", code, out, errs)
	}
	if code, _, errs := w.zcrmrun("auth", "grant", "--config", w.config, "--user", "bob", w.code("ravi@zylker.example")); code != 0 {
		t.Fatalf("grant for bob: %d %q", code, errs)
	}
	if code, _, errs := w.zcrmrun("auth", "grant", aliceCode, "--user", "carol", "--config", w.config); code != 1 || !strings.Contains(errs, "invalid_code") {
		t.Errorf("grant with a used code: %d %q, want exit 1 naming invalid_code", code, errs)
	}
	// alice's refresh token, imported for dave as one obtained elsewhere.
	alice := w.storedBy()["alice"]
	if code, _, errs := w.zcrmrun("auth", "import", "--refresh-token", alice.AccessToken, "--user", "dave", "--config", w.config); code != 1 || !strings.Contains(errs, "invalid_code") {
		t.Errorf("importing an access token as a refresh token: %d %q, want exit 1 naming invalid_code", code, errs)
	}
	if code, _, errs := w.zcrmrun("auth", "import", "--refresh-token", alice.RefreshToken, "--user", "dave", "--config", w.config); code != 0 {
		t.Fatalf("auth import: %d %q", code, errs)
	}
	code, out, _ := w.zcrmrun("auth", "status", "--config", w.config)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 6 || lines[0] != "file token store: "+w.tokens || !strings.HasPrefix(lines[2], "alice") ||
		!strings.HasPrefix(lines[3], "bob") || !strings.HasPrefix(lines[4], "dave") {
		t.Fatalf("status: %d\n%s", code, out)
	}
	// The config has no [api] user: commands act as the seed SDK's default
	// user (docs/zcrmsdk.md: api.user_identifier defaults to
	// zcrm_default_user), and status says so rather than leave it silent.
	if want := `without --user, commands act as "zcrm_default_user", the seed SDK's default user: [api] user is unset`; lines[5] != want {
		t.Errorf("status ends %q, want %q", lines[5], want)
	}
	for _, l := range lines[2:5] {
		if !strings.Contains(l, " file ") || !strings.Contains(l, "expires in ") || !strings.Contains(l, "stored") {
			t.Errorf("status line %q lacks the store kind, the time to expiry or the refresh token's presence", l)
		}
	}
	if code, out, errs := w.zcrmrun("run", "--config", w.config, "--log-level", "info", w.script(`print(crm.auth.user())`)); code != 0 || out != "zcrm_default_user\n" ||
		!strings.Contains(errs, `level=INFO msg="acting as the seed SDK's default user: no --user, and [api] user is unset" user=zcrm_default_user`) {
		t.Errorf("run without a user: %d %q %q", code, out, errs)
	}
	script := w.script(`print(crm.auth.user(), #crm.records.list("Leads"))`)
	if code, out, errs := w.zcrmrun("run", "--config", w.config, "--user", "bob", script); code != 0 || out != "bob\t7\n" {
		t.Errorf("run as bob: %d %q %q", code, out, errs)
	}

	bob := w.storedBy()["bob"]
	if code, out, errs := w.zcrmrun("auth", "revoke", "--user", "bob", "--config", w.config); code != 0 || !strings.Contains(out, "revoked") {
		t.Fatalf("revoke bob: %d %q %q", code, out, errs)
	}
	if got := w.srv.Stats().RefreshRevoked; got != 1 {
		t.Errorf("the emulator revoked %d refresh tokens, want 1", got)
	}
	if _, out, _ := w.zcrmrun("auth", "status", "--config", w.config); strings.Contains(out, "bob") || !strings.Contains(out, "alice") {
		t.Errorf("status after revoking bob:\n%s", out)
	}
	// bob's refresh token is dead at Zoho, not only forgotten here.
	client := &oauth.Client{AccountsURL: w.srv.URL(), ClientID: w.id, ClientSecret: w.secret}
	if _, err := client.Refresh(t.Context(), bob.RefreshToken); err == nil {
		t.Error("bob's refresh token still works at Zoho after auth revoke")
	}
	if _, err := client.Refresh(t.Context(), alice.RefreshToken); err != nil {
		t.Errorf("revoking bob broke alice's refresh token: %v", err)
	}
	// Revoking again: nothing to revoke, and a grant is not the advice.
	if code, _, errs := w.zcrmrun("auth", "revoke", "--user", "bob", "--config", w.config); code != 1 || !strings.Contains(errs, `user "bob"`) ||
		!strings.Contains(errs, "nothing to revoke") || !strings.Contains(errs, "auth status") || strings.Contains(errs, "auth grant") {
		t.Errorf("revoking a revoked user: %d %q, want exit 1 naming the user, pointing at auth status", code, errs)
	}
}

func TestAuthUsageErrorsExitTwo(t *testing.T) {
	w := newAuthWorld(t)
	noSecret := w.writeConfig("nosecret.toml", "")
	for _, args := range [][]string{
		{"auth"},
		{"auth", "frobnicate"},
		{"auth", "grant", "--config", w.config},
		{"auth", "grant", "a", "b", "--config", w.config},
		{"auth", "status", "--nope"},
		{"auth", "revoke", "extra", "--config", w.config},
		{"auth", "import", "1000.misplaced", "--config", w.config},
		{"auth", "grant", w.code(""), "--config", noSecret},
		{"auth", "grant", w.code(""), "--config", filepath.Join(w.dir, "missing.toml")},
	} {
		if code, _, _ := w.zcrmrun(args...); code != 2 {
			t.Errorf("zcrmrun %s: exit %d, want 2", strings.Join(args, " "), code)
		}
	}
}

func TestVerboseOutputHoldsNoSecrets(t *testing.T) {
	w := newAuthWorld(t)
	secrets := []string{w.secret}
	wrongSecret := "0123456789abcdef0123456789abcdef0123456789"
	secrets = append(secrets, wrongSecret)

	good := w.code("")
	secrets = append(secrets, good)
	if code, _, errs := w.zcrmrun("auth", "grant", good, "--user", "alice", "--verbose", "--config", w.config); code != 0 ||
		!strings.Contains(errs, "path=/oauth/v2/token") || !strings.Contains(errs, "status=200") {
		t.Fatalf("verbose grant: %d %q", code, errs)
	}
	secrets = append(secrets, w.stored()...)

	// A used code and a code Zoho never issued.
	bogus := "1000.0123456789abcdef0123456789abcdef.fedcba9876543210fedcba9876543210"
	secrets = append(secrets, bogus)
	for _, code := range []string{good, bogus} {
		if exit, _, _ := w.zcrmrun("auth", "grant", code, "--user", "bob", "--verbose", "--config", w.config); exit != 1 {
			t.Errorf("verbose grant with a bad code: exit %d, want 1", exit)
		}
	}

	// A wrong client secret.
	wrong := w.writeConfig("wrong.toml", wrongSecret)
	code2 := w.code("")
	secrets = append(secrets, code2)
	if exit, _, errs := w.zcrmrun("auth", "grant", code2, "--user", "bob", "--verbose", "--config", wrong); exit != 1 || !strings.Contains(errs, "invalid_client_secret") {
		t.Errorf("grant with a wrong secret: %d %q", exit, errs)
	}

	// A missing config key.
	noSecret := w.writeConfig("nosecret.toml", "")
	script := w.script(`print(#crm.records.list("Leads", {per_page = 2}))`)
	if exit, _, errs := w.zcrmrun("run", "--verbose", "--config", noSecret, "--user", "alice", script); exit != 2 || !strings.Contains(errs, "oauth.client_secret") {
		t.Errorf("run without client_secret: %d %q", exit, errs)
	}

	// A verbose run that works, then one through a revoked refresh token.
	if exit, out, errs := w.zcrmrun("run", "--verbose", "--config", w.config, "--user", "alice", script); exit != 0 || out != "2\n" ||
		!strings.Contains(errs, "method=GET") || !strings.Contains(errs, "path=/crm/v2/Leads") {
		t.Fatalf("verbose run: %d %q %q", exit, out, errs)
	}
	secrets = append(secrets, w.stored()...)
	client := &oauth.Client{AccountsURL: w.srv.URL(), ClientID: w.id, ClientSecret: w.secret}
	for _, tok := range w.stored() {
		client.Revoke(t.Context(), tok) // the access token is no refresh token: Zoho refuses it
	}
	w.clock.Advance(2 * time.Hour)
	if exit, _, errs := w.zcrmrun("run", "--verbose", "--config", w.config, "--user", "alice", script); exit != 1 || !strings.Contains(errs, "invalid_code") {
		t.Errorf("run through a revoked refresh token: %d %q", exit, errs)
	}
	if exit, out, _ := w.zcrmrun("auth", "revoke", "--verbose", "--user", "alice", "--config", w.config); exit != 0 || !strings.Contains(out, "no longer knew") {
		t.Errorf("revoking a user whose refresh token Zoho already revoked: exit %d %q", exit, out)
	}

	all := w.output.String()
	for i, s := range secrets {
		if s != "" && strings.Contains(all, s) {
			t.Errorf("secret #%d (%d chars) appears in the output", i, len(s))
		}
	}
	if n := strings.Count(all, "msg=http"); n < 6 {
		t.Errorf("only %d HTTP calls logged; verbose logging is not exercised", n)
	}
}

// "-" reads a grant code or refresh token from stdin, so the secret never
// sits in the process's arguments where ps shows it.
func TestSecretsFromStdin(t *testing.T) {
	w := newAuthWorld(t)
	run := func(stdin string, args ...string) (int, string) {
		var out, errb bytes.Buffer
		code := (&cli{stdout: &out, stderr: &errb, stdin: strings.NewReader(stdin)}).main(context.Background(), args)
		return code, out.String() + errb.String()
	}
	if code, out := run(w.code("")+"\n", "auth", "grant", "-", "--user", "alice", "--config", w.config); code != 0 {
		t.Fatalf("grant from stdin: exit %d: %s", code, out)
	}
	refresh := w.storedBy()["alice"].RefreshToken
	if refresh == "" {
		t.Fatal("no tokens stored for alice")
	}
	if code, out := run("  "+refresh+"  \n", "auth", "import", "--refresh-token", "-", "--user", "bob", "--config", w.config); code != 0 {
		t.Fatalf("import from stdin: exit %d: %s", code, out)
	}
	if got := w.storedBy()["bob"].RefreshToken; got != refresh {
		t.Errorf("bob's refresh token %q, want alice's %q", got, refresh)
	}
	if code, out := run("", "auth", "grant", "-", "--config", w.config); code != exitUsage || !strings.Contains(out, "reading the grant code from stdin: stdin is empty") {
		t.Errorf("empty stdin: exit %d: %s", code, out)
	}
}

// An unknown --user under --sandbox is told which users the sandbox has:
// auth grant would not help, since a sandbox run reads no token store.
func TestSandboxUnknownUserNamesTheSandboxUsers(t *testing.T) {
	script := writeFile(t, t.TempDir(), "l.lua", `print(#crm.records.list("Leads", {per_page = 1}))`+"\n")
	_, errOut, code := runCLI(t, "run", "--sandbox", "--user", "nobody@example.com", script)
	if code != exitScript || !strings.Contains(errOut, `user "nobody@example.com"`) || strings.Contains(errOut, "auth grant") ||
		!strings.Contains(errOut, `the sandbox has tokens only for "sandbox" and "ravi@zylker.example"`) {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
}
