package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zcrmrun/zcrmrun/crmsim"
)

// runCLI runs zcrmrun in-process, through the same code path as the binary.
func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = (&cli{stdout: &out, stderr: &errb}).main(t.Context(), args)
	return out.String(), errb.String(), code
}

// newestLeads derives the expected answer from a freshly seeded emulator:
// the full names of the n most recently created Leads.
func newestLeads(n int) []string {
	srv := crmsim.New(crmsim.Options{})
	srv.Seed(crmsim.DefaultSeed)
	leads := srv.Records("Leads")
	slices.SortFunc(leads, func(a, b map[string]any) int {
		return strings.Compare(b["Created_Time"].(string), a["Created_Time"].(string))
	})
	names := make([]string, n)
	for i := range names {
		names[i] = leads[i]["Full_Name"].(string)
	}
	return names
}

func lines(s string) []string { return strings.Split(strings.TrimRight(s, "\n"), "\n") }

func TestRunTopLeadsInSandbox(t *testing.T) {
	out, errOut, code := runCLI(t, "run", "--sandbox", "../../scripts/top_leads.lua")
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	got, want := lines(out), newestLeads(5)
	if !slices.Equal(got, want) {
		t.Errorf("printed\n%q\nwant the 5 newest Leads\n%q", got, want)
	}
}

func TestRunScriptArgs(t *testing.T) {
	out, errOut, code := runCLI(t, "run", "--sandbox", "../../scripts/top_leads.lua", "12")
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	if got, want := lines(out), newestLeads(12); !slices.Equal(got, want) {
		t.Errorf("printed %q, want %q", got, want)
	}
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestExitCodesAndMessages(t *testing.T) {
	dir := t.TempDir()
	hello := writeFile(t, dir, "hello.lua", "print('hello', #arg, arg[1])\n")
	syntax := writeFile(t, dir, "syntax.lua", "local x = 1\nif x then\n  print(x\nend\n")
	raises := writeFile(t, dir, "raises.lua", "local function f()\n  error('boom')\nend\nf()\n")
	exits := writeFile(t, dir, "exits.lua", "pcall(os.exit, 3)\nprint('not reached')\n")
	needsCRM := writeFile(t, dir, "crm.lua", "crm.records.list('Leads')\n")
	badCfg := writeFile(t, dir, "bad.toml", "[oauth]\nclient_id = \"x\"\nclient_secert = \"y\"\n")
	typeCfg := writeFile(t, dir, "type.toml", "[api]\nuser = 42\n")
	malformed := writeFile(t, dir, "malformed.toml", "[oauth\nclient_id = 1\n")
	noSecret := writeFile(t, dir, "nosecret.toml", "[oauth]\nclient_id = \"1000.X\"\n")
	creates := writeFile(t, dir, "creates.lua", "local recs = {}\nfor i = 1, 150 do recs[i] = {Last_Name = 'x' .. i} end\ncrm.records.create('Leads', recs)\n")
	badURL := writeFile(t, dir, "url.toml", "[api]\nuser = \"u@example.com\"\nurl = \"not a url\"\n")
	badTimeout := writeFile(t, dir, "timeout.toml", "[api]\ntimeout = \"soon\"\n")
	shortTimeout := writeFile(t, dir, "short.toml", "[api]\ntimeout = \"150ms\"\n")
	createOne := writeFile(t, dir, "one.lua", "crm.records.create('Leads', {{Last_Name = 'x'}})\n")

	cases := []struct {
		name      string
		args      []string
		code      int
		stdout    string
		stderrHas []string
	}{
		{"no config needed without CRM calls", []string{"run", hello, "a"}, exitOK, "hello\t1\ta\n", nil},
		{"missing script", []string{"run", filepath.Join(dir, "nope.lua")}, exitUsage, "", []string{"nope.lua", "no such file"}},
		{"unknown flag", []string{"run", "--sandbx", hello}, exitUsage, "", []string{"sandbx"}},
		{"unknown command", []string{"rnu"}, exitUsage, "", []string{`unknown command "rnu"`}},
		{"syntax error names file line token", []string{"run", syntax}, exitScript, "", []string{"syntax.lua:4:", "near 'end'"}},
		{"runtime error has file line and traceback", []string{"run", raises}, exitScript, "", []string{"raises.lua:2: boom", "raises.lua:4: in main chunk"}},
		{"os.exit ends the script with its code", []string{"run", exits}, 3, "", nil},
		{"missing credential names the key", []string{"run", "--config", noSecret, needsCRM}, exitUsage, "", []string{"crm.lua:1: crm.records.list: ", "nosecret.toml:1: oauth.client_secret is required"}},
		{"no config at all names the key", []string{"run", needsCRM}, exitUsage, "", []string{"oauth.client_id is required"}},
		{"unknown config key names file line", []string{"run", "--config", badCfg, hello}, exitUsage, "", []string{"bad.toml:3: unknown key oauth.client_secert"}},
		{"mistyped config key names file line", []string{"run", "--config", typeCfg, hello}, exitUsage, "", []string{"type.toml:2: api.user must be a string, not an integer"}},
		{"bad fault spec gives the range", []string{"run", "--sandbox", "--faults", "rate=2", hello}, exitUsage, "", []string{`--faults: fault spec rate: "2" is not valid (want a share from 0 to 1, such as 0.2 or 20%)`}},
		{"a timeout without a unit names one", []string{"run", "--timeout", "5", hello}, exitUsage, "", []string{`zcrmrun run: --timeout: "5" is not a duration; use a unit, e.g. 5s`}},
		{"a negative timeout is refused", []string{"run", "--timeout", "-1s", hello}, exitUsage, "", []string{`zcrmrun run: --timeout: "-1s" is negative`}},
		{"a latency that is a word names a unit", []string{"sandbox", "--latency", "fast"}, exitUsage, "", []string{`zcrmrun sandbox: --latency: "fast" is not a duration; use a number with a unit, such as 500ms`}},
		{"flags after SCRIPT are the script's", []string{"run", needsCRM, "--sandbox"}, exitUsage, "", []string{"oauth.client_id is required",
			"note: --sandbox came after SCRIPT, so the script got it as an argument and zcrmrun did not: flags after SCRIPT belong to the script"}},
		{"faults need the sandbox", []string{"run", "--faults", "rate=0.2", hello}, exitUsage, "", []string{"--faults needs --sandbox"}},
		{"mysql faults need a server", []string{"sandbox", "--faults", "mysql-drop=0.3"}, exitUsage, "", []string{"mysql-* faults need mysql=HOST:PORT"}},
		{"mysql faults are for the sandbox command", []string{"run", "--sandbox", "--faults", "mysql=127.0.0.1:3306", hello}, exitUsage, "", []string{"--faults mysql=... is for `zcrmrun sandbox`"}},
		{"bad request timeout names file line", []string{"run", "--config", badTimeout, hello}, exitUsage, "", []string{`timeout.toml:2: api.timeout "soon" must be a duration`}},
		{"lost create replies name the inputs", []string{"run", "--sandbox", "--faults", "every=1,kinds=reset-after", creates}, exitScript, "",
			[]string{"creates.lua:3: crm.records.create: outcome unknown for 150 of 150 records (inputs 1-150; check them before sending again)"}},
		{"[api] timeout holds under --sandbox --faults", []string{"run", "--sandbox", "--timeout", "5s", "--config", shortTimeout, "--faults", "every=1,kinds=hang", createOne}, exitScript, "",
			[]string{"level=WARN", `msg="http: no reply within 150ms, abandoned" method=POST`, "one.lua:1: crm.records.create: outcome unknown for 1 of 1 records", "POST /Leads: no reply within 150ms, abandoned"}},
		{"a malformed api url names file line", []string{"run", "--config", badURL, hello}, exitUsage, "", []string{`url.toml:3: api.url "not a url" is not a URL`}},
		{"malformed config names file line", []string{"run", "--config", malformed, hello}, exitUsage, "", []string{"malformed.toml:2: expected '.' or ']' to end table name"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Chdir(dir) // no ./config.toml here
			out, errOut, code := runCLI(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tc.code, errOut)
			}
			if out != tc.stdout {
				t.Errorf("stdout %q, want %q", out, tc.stdout)
			}
			for _, want := range tc.stderrHas {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr does not mention %q:\n%s", want, errOut)
				}
			}
		})
	}
}

// TestAuthImportThenRun is the real-CRM path: a config naming an accounts
// server, a refresh token imported once, then plain runs that mint their
// own access tokens from the file store.
func TestAuthImportThenRun(t *testing.T) {
	srv, id, secret := startSeededEmulator(t)
	refresh := refreshTokenFor(t, srv, id, secret)

	dir := t.TempDir()
	tokens := filepath.Join(dir, "state", "tokens.json")
	cfg := writeFile(t, dir, "config.toml", `[oauth]
client_id = "`+id+`"
client_secret = "`+secret+`"
accounts_url = "`+srv.URL()+`"
[api]
user = "ops@zylker.example"
[tokenstore]
kind = "file"
path = "`+tokens+`"
`)
	out, errOut, code := runCLI(t, "auth", "import", "--config", cfg, "--refresh-token", refresh)
	if code != exitOK {
		t.Fatalf("auth import: exit %d: %s", code, errOut)
	}
	if strings.Contains(out+errOut, refresh) {
		t.Error("auth import printed the refresh token")
	}
	st, err := os.Stat(tokens)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("token file mode %v, want 0600", st.Mode().Perm())
	}
	if dst, _ := os.Stat(filepath.Dir(tokens)); dst.Mode().Perm() != 0o700 {
		t.Errorf("token dir mode %v, want 0700", dst.Mode().Perm())
	}
	minted := srv.Stats().AccessTokensMinted

	out, errOut, code = runCLI(t, "run", "--config", cfg, "../../scripts/top_leads.lua")
	if code != exitOK {
		t.Fatalf("run: exit %d: %s", code, errOut)
	}
	if got, want := lines(out), newestLeads(5); !slices.Equal(got, want) {
		t.Errorf("printed %q, want %q", got, want)
	}
	if n := srv.Stats().AccessTokensMinted; n != minted {
		t.Errorf("run minted %d access tokens; the imported one was still valid", n-minted)
	}

	// Another user has no tokens: the error says what to do, exit 1.
	_, errOut, code = runCLI(t, "run", "--config", cfg, "--user", "someone-else", "../../scripts/top_leads.lua")
	if code != exitScript || !strings.Contains(errOut, "auth import") {
		t.Errorf("unknown user: exit %d, stderr:\n%s", code, errOut)
	}
}

// startSeededEmulator serves a seeded emulator with one registered client
// for the test's duration.
func startSeededEmulator(t *testing.T) (srv *crmsim.Server, clientID, secret string) {
	t.Helper()
	srv = crmsim.New(crmsim.Options{})
	srv.Seed(crmsim.DefaultSeed)
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	clientID, secret = srv.RegisterClient()
	return srv, clientID, secret
}

func refreshTokenFor(t *testing.T, srv *crmsim.Server, id, secret string) string {
	t.Helper()
	code, err := srv.GrantCode(id, "", "")
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.PostForm(srv.URL()+"/oauth/v2/token", url.Values{
		"grant_type": {"authorization_code"}, "code": {code}, "client_id": {id}, "client_secret": {secret}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct {
		RefreshToken string `json:"refresh_token"`
	}
	json.NewDecoder(resp.Body).Decode(&r)
	if r.RefreshToken == "" {
		t.Fatal("no refresh token from the emulator")
	}
	return r.RefreshToken
}

// TestSandboxJSONServesAnyClient points a plain HTTP client, which knows
// nothing of zcrmrun, at `zcrmrun sandbox --json`.
func TestSandboxJSONServesAnyClient(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	pr, done := startSandboxCLI(ctx, "--json")
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, pr)
	var info map[string]string
	if err := json.Unmarshal([]byte(line), &info); err != nil {
		t.Fatalf("first line is not JSON: %q", line)
	}
	for _, k := range []string{"api_url", "accounts_url", "client_id", "client_secret", "refresh_token"} {
		if info[k] == "" {
			t.Errorf("--json line lacks %s", k)
		}
	}
	if !strings.HasPrefix(info["api_url"], "http://127.0.0.1:") {
		t.Errorf("api_url %q is not on loopback", info["api_url"])
	}

	resp, err := http.PostForm(info["accounts_url"]+"/oauth/v2/token", url.Values{
		"grant_type": {"refresh_token"}, "refresh_token": {info["refresh_token"]},
		"client_id": {info["client_id"]}, "client_secret": {info["client_secret"]}})
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
		APIDomain   string `json:"api_domain"`
	}
	json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	req, _ := http.NewRequest("GET", tok.APIDomain+"/crm/v2/Leads?per_page=3", nil)
	req.Header.Set("Authorization", "Zoho-oauthtoken "+tok.AccessToken)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var page struct {
		Data []map[string]any `json:"data"`
	}
	json.NewDecoder(resp.Body).Decode(&page)
	resp.Body.Close()
	if resp.StatusCode != 200 || len(page.Data) != 3 {
		t.Fatalf("GET Leads: HTTP %d, %d records", resp.StatusCode, len(page.Data))
	}

	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("sandbox exited %d after interrupt", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("sandbox did not stop after interrupt")
	}
}

func TestVersion(t *testing.T) {
	out, _, code := runCLI(t, "version")
	if code != exitOK || !strings.HasPrefix(out, "zcrmrun ") {
		t.Errorf("version: exit %d, %q", code, out)
	}
}

// The text form of `zcrmrun sandbox` prints the same api_url as --json:
// the base that [api] url takes. It printed base+"/crm/v2", which pasted
// into [api] url made /crm/v2/crm/v2/Leads.
func TestSandboxTextPrintsTheBaseURL(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, done := startSandboxCLI(ctx, "--leads", "1")
	br := bufio.NewReader(pr)
	var apiURL, accountsURL string
	for apiURL == "" || accountsURL == "" {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatalf("sandbox output ended before api_url and accounts_url: %v", err)
		}
		if f := strings.Fields(line); len(f) == 2 && f[0] == "api_url" {
			apiURL = f[1]
		} else if len(f) == 2 && f[0] == "accounts_url" {
			accountsURL = f[1]
		}
	}
	go io.Copy(io.Discard, br)
	u, err := url.Parse(apiURL)
	if err != nil || u.Path != "" || apiURL != accountsURL {
		t.Errorf("api_url %q: want the base URL (no path), as accounts_url %q", apiURL, accountsURL)
	}
	cancel()
	<-done
}

// `zcrmrun sandbox --json` offers a grant code, so `zcrmrun auth grant`
// can be tried against the sandbox as against Zoho's console.
func TestSandboxGrantCodeServesAuthGrant(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, done := startSandboxCLI(ctx, "--json", "--leads", "3")
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, pr)
	var info map[string]string
	if err := json.Unmarshal([]byte(line), &info); err != nil || !strings.HasPrefix(info["grant_code"], "1000.") {
		t.Fatalf("--json line has no grant_code: %q", line)
	}
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf("[oauth]\nclient_id = %q\nclient_secret = %q\naccounts_url = %q\n[api]\nuser = \"me\"\n[tokenstore]\nkind = \"file\"\npath = %q\n",
		info["client_id"], info["client_secret"], info["accounts_url"], filepath.Join(dir, "tok", "tokens.json"))), 0o600)
	var out, errs strings.Builder
	if code := (&cli{stdout: &out, stderr: &errs}).main(ctx, []string{"auth", "grant", info["grant_code"], "--config", cfg}); code != exitOK {
		t.Fatalf("auth grant with the sandbox's grant_code: exit %d: %s", code, errs.String())
	}
	script := filepath.Join(dir, "n.lua")
	os.WriteFile(script, []byte(`print(#crm.records.list("Leads"))`), 0o600)
	out.Reset()
	if code := (&cli{stdout: &out, stderr: &errs}).main(ctx, []string{"run", "--config", cfg, script}); code != exitOK || strings.TrimSpace(out.String()) != "3" {
		t.Fatalf("run after auth grant: exit %d, %q %s", code, out.String(), errs.String())
	}
	cancel()
	<-done
}

// startSandboxCLI runs `zcrmrun sandbox ARGS` in-process until ctx ends;
// its stdout is read from pr, and done gets its exit code.
func startSandboxCLI(ctx context.Context, args ...string) (pr *io.PipeReader, done chan int) {
	pr, pw := io.Pipe()
	done = make(chan int, 1)
	go func() {
		done <- (&cli{stdout: pw, stderr: io.Discard}).main(ctx, append([]string{"sandbox"}, args...))
		pw.Close()
	}()
	return pr, done
}
