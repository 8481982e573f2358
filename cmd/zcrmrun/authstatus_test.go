package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A stored expiry far off printed "expires in 2562047h47m16.854775807s",
// time.Duration's largest value (issue 13 point 24). Far expiries read as
// dates: 253402300799000 ms is 9999-12-31 23:59:59 UTC and 4102444800000
// ms 2100-01-01 00:00:00 UTC (date -u -d @SECONDS), 946684800000 ms
// 2000-01-01.
func TestAuthStatusGivesFarExpiriesAsDates(t *testing.T) {
	dir := t.TempDir()
	tokens := filepath.Join(dir, "tokens", "tokens.json")
	if err := os.MkdirAll(filepath.Dir(tokens), 0o700); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Dir(tokens), "tokens.json", `{"users": {
  "max": {"access_token": "1000.a", "refresh_token": "1000.r", "expiry_time": 253402300799000},
  "y2100": {"access_token": "1000.a", "refresh_token": "1000.r", "expiry_time": 4102444800000},
  "y2000": {"access_token": "1000.a", "refresh_token": "1000.r", "expiry_time": 946684800000}}}`)
	cfg := writeFile(t, dir, "config.toml", "[tokenstore]\nkind = \"file\"\npath = \""+tokens+"\"\n")
	out, errOut, code := runCLI(t, "auth", "status", "--config", cfg)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"expires 9999-12-31 23:59:59 UTC (Zoho's access tokens last an hour", "expires 2100-01-01 00:00:00 UTC", "expired 2000-01-01 00:00:00 UTC"} {
		if !strings.Contains(out, want) {
			t.Errorf("status lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "2562047h") {
		t.Errorf("an overflowing duration:\n%s", out)
	}
}
