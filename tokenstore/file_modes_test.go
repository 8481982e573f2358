package tokenstore_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zcrmrun/zcrmrun/tokenstore"
)

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}

func chmod(t *testing.T, path string, m os.FileMode) {
	t.Helper()
	if err := os.Chmod(path, m); err != nil {
		t.Fatal(err)
	}
}

// The README promises tokens "mode 0600 in a 0700 directory" (issue 13
// point 21): a directory of the store's own at 0755 and a token file at
// 0644 are made private on first use, before anything is written; a
// directory others can write is refused with a line saying what to do; a
// shared directory keeps its mode, with the file in it 0600.
func TestFileMakesTokensPrivateOrRefuses(t *testing.T) {
	ctx := context.Background()
	tok := tokenstore.Token{UserID: "u", AccessToken: "1000.a", RefreshToken: "1000.r"}

	own := filepath.Join(t.TempDir(), "tok")
	if err := os.Mkdir(own, 0o755); err != nil {
		t.Fatal(err)
	}
	chmod(t, own, 0o755)
	path := filepath.Join(own, "tokens.json")
	if err := tokenstore.NewFile(path).Save(ctx, tok); err != nil {
		t.Fatal(err)
	}
	chmod(t, own, 0o755)
	chmod(t, path, 0o644)
	if _, err := tokenstore.NewFile(path).Load(ctx, "u"); err != nil { // a read alone fixes them
		t.Fatal(err)
	}
	if m := mode(t, own); m != 0o700 {
		t.Errorf("the store's own directory is %04o, want 0700", m)
	}
	if m := mode(t, path); m != 0o600 {
		t.Errorf("the token file is %04o after a read, want 0600", m)
	}

	shared := t.TempDir()
	chmod(t, shared, 0o755)
	if err := os.WriteFile(filepath.Join(shared, "config.toml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	flat := filepath.Join(shared, "flat-tokens.json")
	if err := tokenstore.NewFile(flat).Save(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if m := mode(t, shared); m != 0o755 {
		t.Errorf("a shared directory was changed to %04o", m)
	}
	if m := mode(t, flat); m != 0o600 {
		t.Errorf("the token file in a shared directory is %04o, want 0600", m)
	}

	open := t.TempDir()
	chmod(t, open, 0o777)
	s := tokenstore.NewFile(filepath.Join(open, "flat-tokens.json"))
	for op, err := range map[string]error{"Save": s.Save(ctx, tok), "CheckWrite": s.CheckWrite(ctx, "u")} {
		if err == nil || !strings.Contains(err.Error(), "token directory "+open+" is writable by others (mode 0777)") {
			t.Errorf("%s in a 0777 directory: %v", op, err)
		}
	}
	if _, err := s.Load(ctx, "u"); err == nil {
		t.Error("Load in a 0777 directory worked")
	}
	if entries, _ := os.ReadDir(open); len(entries) != 0 {
		t.Errorf("wrote %d files into the 0777 directory", len(entries))
	}
}

// A token file that is JSON of another shape was called "not valid JSON",
// and null counted as an empty store, to be written over at the next save
// (issue 13 point 24). Each now gets a line of its own, naming the file
// and, for a wrong field, where it is; never the content.
func TestFileOfTheWrongShapeSaysSo(t *testing.T) {
	ctx := context.Background()
	for content, want := range map[string]string{
		`{"users": {"u": {"access_token": "1000.secret`: "is not valid JSON (45 bytes)",
		`null`:                                  "is JSON null, not a token store",
		` [{"users": {}}]`:                      "is JSON an array, not a token store",
		`"1000.secret"`:                         "is JSON a string, not a token store",
		`{"users": ["u"]}`:                      "is JSON but not a token store: users is an array where an object belongs",
		`{"users": {"u": {"access_token": 5}}}`: `is JSON but not a token store: user "u": access_token is a number where a string belongs`,
		`{"users": {"u": {"expiry_time": "soon"}}}`: `is JSON but not a token store: user "u": expiry_time is a string where a number (epoch milliseconds) belongs`,
	} {
		path := filepath.Join(t.TempDir(), "tokens.json")
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		s := tokenstore.NewFile(path)
		_, err := s.Load(ctx, "u")
		if err == nil || !strings.Contains(err.Error(), path+" "+want) || strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: Load: %v; want %q", content, err, want)
		}
		if err := s.Save(ctx, tokenstore.Token{UserID: "v", RefreshToken: "1000.r"}); err == nil {
			t.Errorf("%s: Save wrote over it", content)
		}
	}
}
