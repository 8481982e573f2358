package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sandboxInfo is the first line `zcrmrun sandbox --json` prints.
type sandboxInfo struct {
	APIURL       string `json:"api_url"`
	AccountsURL  string `json:"accounts_url"`
	TokenURL     string `json:"token_url"`
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
	RefreshToken string `json:"refresh_token"`
	User         string `json:"user"`
	CACert       string `json:"ca_cert"`

	line string
}

// buildZcrmrun compiles the command once per test binary run into dir.
func buildZcrmrun(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "zcrmrun")
	cmd := exec.CommandContext(t.Context(), "go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startPiped starts cmd with its stdout readable line by line and its
// stderr collected.
func startPiped(t *testing.T, cmd *exec.Cmd) (*bufio.Reader, *strings.Builder) {
	t.Helper()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := &strings.Builder{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return bufio.NewReader(stdout), stderr
}

// startSandboxProcess runs `zcrmrun sandbox --json args...` as a real
// process, returns its first line, and interrupts it at cleanup.
func startSandboxProcess(t *testing.T, bin string, args ...string) sandboxInfo {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"sandbox", "--json"}, args...)...)
	stdout, stderr := startPiped(t, cmd)
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("sandbox exited with %v; stderr: %s", err, stderr.String())
			}
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			t.Errorf("sandbox ignored the interrupt")
		}
	})
	line, err := stdout.ReadString('\n')
	if err != nil {
		t.Fatalf("reading the sandbox's first line: %v; stderr: %s", err, stderr.String())
	}
	var info sandboxInfo
	if err := json.Unmarshal([]byte(line), &info); err != nil {
		t.Fatalf("first line is not JSON (%d bytes)", len(line)) // it holds the emulator's secrets
	}
	info.line = strings.TrimSpace(line)
	return info
}

// nodeProject returns testdata/nodesdk/<name>, skipping the test when node
// or the project's installed packages are missing.
func nodeProject(t *testing.T, name string) string {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed; the Node SDK compatibility tests need node >= 16")
	}
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata", "nodesdk", name))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "zcrmsdk", "package.json")); err != nil {
		t.Skipf("zcrmsdk is not installed in %s: run `npm ci --no-audit --no-fund` there (.ci/run does)", dir)
	}
	return dir
}

// nodeCall is one line a Node script prints: the outcome of one SDK call.
type nodeCall struct {
	Call    string           `json:"call"`
	OK      bool             `json:"ok"`
	Status  int              `json:"status"`
	Error   string           `json:"error"`
	Body    json.RawMessage  `json:"body"`    // 0.0.20: the raw response body
	Records []map[string]any `json:"records"` // 1.1.0: records read back
	Results []struct {       // 1.1.0: per-record outcomes of a write
		Status, Code, ID string
	} `json:"results"`
}

// runNode runs script with args from an empty directory (so no stray
// resources/*.properties can reconfigure 0.0.20) and returns its calls by
// name. What it logs has the sandbox's secrets blanked: 0.0.20 puts them in
// its error messages.
func runNode(t *testing.T, info sandboxInfo, env []string, script string, args ...string) map[string]nodeCall {
	t.Helper()
	redact := strings.NewReplacer(info.ClientSecret, "[client_secret]", info.RefreshToken, "[refresh_token]").Replace
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", append([]string{script}, args...)...)
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	calls := map[string]nodeCall{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var c nodeCall
		if json.Unmarshal([]byte(line), &c) != nil {
			t.Errorf("node printed a non-JSON line: %q", redact(line))
			continue
		}
		calls[c.Call] = c
		t.Logf("node %s: %.300s", c.Call, redact(line))
	}
	if err != nil {
		t.Fatalf("node %s: %v\nstderr: %s", filepath.Base(filepath.Dir(script)), err, redact(stderr.String()))
	}
	if f, ok := calls["fatal"]; ok {
		t.Fatalf("node script died: %s", redact(f.Error))
	}
	return calls
}

// emulatorClient talks to the sandbox as a plain HTTP client would, to
// check what the SDKs did. It trusts the sandbox's CA when there is one.
type emulatorClient struct {
	t      *testing.T
	info   sandboxInfo
	http   *http.Client
	access string
}

func newEmulatorClient(t *testing.T, info sandboxInfo) *emulatorClient {
	t.Helper()
	hc := &http.Client{Timeout: 30 * time.Second}
	if info.CACert != "" {
		pemBytes, err := os.ReadFile(info.CACert)
		if err != nil {
			t.Fatalf("ca_cert: %v", err)
		}
		roots := x509.NewCertPool()
		if !roots.AppendCertsFromPEM(pemBytes) {
			t.Fatalf("ca_cert %s holds no certificate", info.CACert)
		}
		hc.Transport = &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}
	}
	c := &emulatorClient{t: t, info: info, http: hc}
	form := url.Values{"grant_type": {"refresh_token"}, "client_id": {info.ClientID}, "client_secret": {info.ClientSecret}, "refresh_token": {info.RefreshToken}}
	resp, err := hc.PostForm(info.TokenURL, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
		Error       string `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("refreshing with the sandbox's refresh token: %v %s", err, tok.Error)
	}
	c.access = tok.AccessToken
	return c
}

// leads lists Leads with query q and returns the status and records.
func (c *emulatorClient) leads(q url.Values) (int, []map[string]any) {
	c.t.Helper()
	return c.list("Leads", q)
}

// list lists a module's records with query q.
func (c *emulatorClient) list(module string, q url.Values) (int, []map[string]any) {
	c.t.Helper()
	req, _ := http.NewRequestWithContext(c.t.Context(), http.MethodGet, c.info.APIURL+"/crm/v2/"+module+"?"+q.Encode(), nil)
	req.Header.Set("Authorization", "Zoho-oauthtoken "+c.access)
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Data []map[string]any `json:"data"`
	}
	if resp.StatusCode == http.StatusOK {
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			c.t.Fatal(err)
		}
	}
	return resp.StatusCode, body.Data
}

func idsOf(recs []map[string]any) []string {
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i], _ = r["id"].(string)
	}
	return ids
}

// checkWrites asserts the create/update/delete sequence both scripts run:
// two records created, the first renamed and kept, the second deleted.
func checkWrites(t *testing.T, em *emulatorClient, calls map[string]nodeCall, createdIDs []string) {
	t.Helper()
	if c := calls["create"]; c.Status != http.StatusCreated || len(createdIDs) != 2 || createdIDs[0] == "" || createdIDs[1] == "" {
		t.Fatalf("create: want 201 and two ids, got %+v ids %v", c, createdIDs)
	}
	for _, name := range []string{"update", "get_updated"} {
		if c := calls[name]; c.Status != http.StatusOK {
			t.Errorf("%s: want 200, got %+v", name, c)
		}
	}
	if c := calls["delete"]; c.Status != http.StatusOK {
		t.Errorf("delete: want 200, got %+v", c)
	}
	status, recs := em.leads(url.Values{"ids": {createdIDs[0]}})
	if status != http.StatusOK || len(recs) != 1 {
		t.Fatalf("the kept record %s is not in the emulator: HTTP %d %v", createdIDs[0], status, recs)
	}
	if name, _ := recs[0]["Last_Name"].(string); !strings.HasSuffix(name, " updated") {
		t.Errorf("the kept record was not updated: Last_Name %q", name)
	}
	if status, recs := em.leads(url.Values{"ids": {createdIDs[1]}}); status != http.StatusNoContent {
		t.Errorf("the deleted record %s is still listed: HTTP %d %v", createdIDs[1], status, recs)
	}
}

// TestNodeSDKv0OverTLS runs the seed SDK, zcrmsdk 0.0.20, unchanged against
// `zcrmrun sandbox --tls`: it hard-codes https:// and trusts the sandbox
// only through NODE_EXTRA_CA_CERTS=ca_cert.
func TestNodeSDKv0OverTLS(t *testing.T) {
	dir := nodeProject(t, "v0")
	info := startSandboxProcess(t, buildZcrmrun(t), "--tls")
	if info.CACert == "" || !strings.HasPrefix(info.APIURL, "https://") || !strings.HasPrefix(info.TokenURL, "https://") {
		t.Fatalf("--tls line: api_url %q token_url %q ca_cert %q, want https URLs and a CA file", info.APIURL, info.TokenURL, info.CACert)
	}
	em := newEmulatorClient(t, info)
	calls := runNode(t, info, []string{"NODE_EXTRA_CA_CERTS=" + info.CACert}, filepath.Join(dir, "run.js"), info.line)

	if !calls["refresh"].OK {
		t.Fatalf("generateAuthTokenfromRefreshToken failed: %+v", calls["refresh"])
	}
	var list struct{ Data []map[string]any }
	if c := calls["list"]; c.Status != http.StatusOK || json.Unmarshal(c.Body, &list) != nil {
		t.Fatalf("MODULES.get list: %+v", c)
	}
	_, want := em.leads(url.Values{"page": {"1"}, "per_page": {"5"}})
	if got, w := idsOf(list.Data), idsOf(want); fmt.Sprint(got) != fmt.Sprint(w) || len(w) != 5 {
		t.Fatalf("list ids: SDK got %v, emulator has %v", got, w)
	}
	if list.Data[0]["Email"] != want[0]["Email"] {
		t.Errorf("list Email: SDK got %v, emulator has %v", list.Data[0]["Email"], want[0]["Email"])
	}

	var byIDs struct{ Data []map[string]any }
	if c := calls["list_ids"]; c.Status != http.StatusOK || json.Unmarshal(c.Body, &byIDs) != nil {
		t.Fatalf("MODULES.get with params.ids: %+v", c)
	}
	if len(byIDs.Data) != 1 || byIDs.Data[0]["id"] != want[0]["id"] || byIDs.Data[0]["Last_Name"] != want[0]["Last_Name"] {
		t.Errorf("get by ids: want %v %v, got %v", want[0]["id"], want[0]["Last_Name"], byIDs.Data)
	}
	if _, extra := byIDs.Data[0]["Company"]; extra {
		t.Errorf("fields=Last_Name,Email was ignored: %v", byIDs.Data[0])
	}

	var got struct{ Data []map[string]any }
	if c := calls["get"]; c.Status != http.StatusOK || json.Unmarshal(c.Body, &got) != nil || len(got.Data) != 1 || got.Data[0]["id"] != want[0]["id"] {
		t.Errorf("MODULES.get by id: %+v", c)
	}
	var contacts struct{ Data []map[string]any }
	_, wantContacts := em.list("Contacts", url.Values{"per_page": {"5"}})
	if c := calls["list_contacts"]; c.Status != http.StatusOK || json.Unmarshal(c.Body, &contacts) != nil ||
		fmt.Sprint(idsOf(contacts.Data)) != fmt.Sprint(idsOf(wantContacts)) {
		t.Errorf("MODULES.get Contacts: %+v, emulator has %v", c, idsOf(wantContacts))
	}

	var created struct {
		Data []struct {
			Code    string `json:"code"`
			Details struct {
				ID string `json:"id"`
			} `json:"details"`
		}
	}
	json.Unmarshal(calls["create"].Body, &created)
	var ids []string
	for _, d := range created.Data {
		ids = append(ids, d.Details.ID)
	}
	checkWrites(t, em, calls, ids)
}

// TestNodeSDKv1OverHTTP runs zcrmsdk 1.1.0 unchanged against the plain-HTTP
// sandbox: Environment pointing at it, a REFRESH OAuthToken, a custom
// in-memory TokenStore. Its first record call makes it fetch
// /settings/fields for Leads.
func TestNodeSDKv1OverHTTP(t *testing.T) {
	dir := nodeProject(t, "v1")
	info := startSandboxProcess(t, buildZcrmrun(t))
	if info.CACert != "" || !strings.HasPrefix(info.APIURL, "http://") {
		t.Fatalf("plain sandbox line: api_url %q ca_cert %q, want http and no CA", info.APIURL, info.CACert)
	}
	em := newEmulatorClient(t, info)
	calls := runNode(t, info, nil, filepath.Join(dir, "run.js"), info.line, t.TempDir())

	c := calls["list"]
	if c.Status != http.StatusOK {
		t.Fatalf("getRecords: %+v", c)
	}
	_, want := em.leads(url.Values{"page": {"1"}, "per_page": {"5"}})
	if got, w := idsOf(c.Records), idsOf(want); fmt.Sprint(got) != fmt.Sprint(w) || len(w) != 5 {
		t.Fatalf("getRecords ids: SDK got %v, emulator has %v", got, w)
	}
	for i := range want {
		if c.Records[i]["Email"] != want[i]["Email"] || c.Records[i]["Last_Name"] != want[i]["Last_Name"] {
			t.Errorf("record %d: SDK read %v, emulator has %v %v", i, c.Records[i], want[i]["Last_Name"], want[i]["Email"])
		}
	}
	if c := calls["list_ids"]; c.Status != http.StatusOK || len(c.Records) != 1 || c.Records[0]["id"] != want[0]["id"] {
		t.Errorf("getRecords with ids: %+v", c)
	}
	if c := calls["get"]; c.Status != http.StatusOK || len(c.Records) != 1 || c.Records[0]["id"] != want[0]["id"] {
		t.Errorf("getRecord: %+v", c)
	}
	// Contacts' Account_Name lookup makes the SDK read Accounts' fields
	// too; a lookup without its module crashes the SDK's converter.
	_, wantContacts := em.list("Contacts", url.Values{"per_page": {"5"}})
	if c := calls["list_contacts"]; c.Status != http.StatusOK || fmt.Sprint(idsOf(c.Records)) != fmt.Sprint(idsOf(wantContacts)) {
		t.Errorf("getRecords Contacts: %+v, emulator has %v", c, idsOf(wantContacts))
	}
	var ids []string
	for _, r := range calls["create"].Results {
		if r.Code != "SUCCESS" {
			t.Errorf("createRecords result: %+v", r)
		}
		ids = append(ids, r.ID)
	}
	checkWrites(t, em, calls, ids)
}
