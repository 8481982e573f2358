package tokenstore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/zcrmrun/zcrmrun/atomicfile"
)

// File keeps every user's tokens in one JSON file. Writes go to a temporary
// file in the same directory which is synced and renamed over the old one,
// so a crash leaves either the old or the new file, never a torn one.
// Read-modify-write cycles and token refreshes are serialised across
// processes with OS file locks.
//
// The file is 0600, and made so on first use if it was not. The directory
// is created 0700; an existing one that others may write is refused (they
// could replace the file, and with it the api_domain tokens are sent to),
// and one others may read is made 0700 when it holds nothing but the
// store's own files. A shared directory (a project folder holding the
// config, say) keeps its mode: the file in it is still 0600.
type File struct {
	path string

	mu      sync.Mutex
	secured bool
}

// NewFile returns a store backed by path. Nothing is created until Save.
func NewFile(path string) *File { return &File{path: path} }

// Path is the token file's location.
func (f *File) Path() string { return f.path }

// Location says where the tokens are, for users: the file.
func (f *File) Location() string { return f.path }

type fileRecord struct {
	AccessToken  string `json:"access_token,omitempty"`
	RefreshToken string `json:"refresh_token,omitempty"`
	ExpiryTime   int64  `json:"expiry_time,omitempty"` // epoch milliseconds, as the seed SDK stores it
	APIDomain    string `json:"api_domain,omitempty"`
}

type fileContent struct {
	Users map[string]fileRecord `json:"users"`
}

func (f *File) read() (fileContent, error) {
	c := fileContent{Users: map[string]fileRecord{}}
	if err := f.secure(); err != nil {
		return c, err
	}
	b, err := os.ReadFile(f.path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("token file: %w", err)
	}
	// The content may hold secrets: name the file, never echo the bytes.
	if !json.Valid(b) {
		return c, fmt.Errorf("token file %s is not valid JSON (%d bytes); move it away and authorise again", f.path, len(b))
	}
	if t := bytes.TrimSpace(b); len(t) == 0 || t[0] != '{' {
		// null would decode as an empty store, and the next save would
		// write over whatever the file was meant to be.
		return c, fmt.Errorf("token file %s is JSON %s, not a token store (an object {\"users\": {...}}); move it away and authorise again", f.path, jsonKind(t))
	}
	var raw struct {
		Users map[string]json.RawMessage `json:"users"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return c, f.badShape("users", err)
	}
	for u, r := range raw.Users {
		var rec fileRecord
		if err := json.Unmarshal(r, &rec); err != nil {
			return c, f.badShape(fmt.Sprintf("user %q", u), err)
		}
		c.Users[u] = rec
	}
	return c, nil
}

// badShape says where a token file that is JSON departs from the store's
// shape: at (users, or a user) or a field of it.
func (f *File) badShape(at string, err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field != "" && te.Field != "users" {
			at += ": " + te.Field
		}
		return fmt.Errorf("token file %s is JSON but not a token store: %s is %s where %s belongs; move it away and authorise again",
			f.path, at, withArticle(te.Value), goKind(te.Type))
	}
	return fmt.Errorf("token file %s is JSON but not a token store: %s: %v; move it away and authorise again", f.path, at, err)
}

// jsonKind names the kind of a JSON value by its first byte.
func jsonKind(b []byte) string {
	switch b[0] {
	case 'n':
		return "null"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	}
	return "a number"
}

func withArticle(kind string) string {
	if kind == "array" || kind == "object" {
		return "an " + kind
	}
	return "a " + kind
}

// goKind names what the store's shape wants where a decoded value did not fit.
func goKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Int64, reflect.Int:
		return "a number (epoch milliseconds)"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return t.String()
}

// Load implements Store.
func (f *File) Load(_ context.Context, userID string) (Token, error) {
	c, err := f.read()
	if err != nil {
		return Token{}, err
	}
	r, ok := c.Users[userID]
	if !ok {
		return Token{}, fmt.Errorf("token file %s: user %q: %w", f.path, userID, ErrNotFound)
	}
	t := Token{UserID: userID, AccessToken: r.AccessToken, RefreshToken: r.RefreshToken, APIDomain: r.APIDomain}
	if r.ExpiryTime > 0 {
		t.Expiry = time.UnixMilli(r.ExpiryTime)
	}
	return t, nil
}

// Save implements Store.
func (f *File) Save(ctx context.Context, t Token) error {
	return f.update(ctx, func(c *fileContent) {
		r := fileRecord{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken, APIDomain: t.APIDomain}
		if !t.Expiry.IsZero() {
			r.ExpiryTime = t.Expiry.UnixMilli()
		}
		c.Users[t.UserID] = r
	})
}

// Delete implements Store.
func (f *File) Delete(ctx context.Context, userID string) error {
	return f.update(ctx, func(c *fileContent) { delete(c.Users, userID) })
}

// Users implements Lister.
func (f *File) Users(context.Context) ([]string, error) {
	c, err := f.read()
	if err != nil {
		return nil, err
	}
	users := make([]string, 0, len(c.Users))
	for u := range c.Users {
		users = append(users, u)
	}
	sort.Strings(users)
	return users, nil
}

// Lock implements Locker: one lock file per user beside the token file, so
// refreshes of different users do not wait for each other.
func (f *File) Lock(ctx context.Context, userID string) (func(), error) {
	if err := f.secure(); err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(userID))
	return lockFile(ctx, f.path+".user-"+hex.EncodeToString(sum[:8])+".lock")
}

// CheckWrite implements WriteChecker: the directory is private (or made
// so), the file lock can be created there, and the file, if any, reads.
func (f *File) CheckWrite(ctx context.Context, _ string) error { return f.update(ctx, nil) }

// secure creates the directory, or checks and fixes the modes of the
// directory and file, once per store (see File).
func (f *File) secure() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.secured {
		return nil
	}
	dir := filepath.Dir(f.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("token store directory: %w", err)
	}
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("token store directory: %w", err)
	}
	switch mode := st.Mode().Perm(); {
	case mode&0o022 != 0:
		return fmt.Errorf("token directory %s is writable by others (mode %04o), who could replace the token file: "+
			"keep tokens in a directory of their own (tokenstore.path = \"tokens/tokens.json\" makes one, mode 0700), or chmod go-w %s", dir, mode, dir)
	case mode&0o077 != 0 && f.ownsDir(dir):
		if err := os.Chmod(dir, 0o700); err != nil {
			return fmt.Errorf("token directory %s is mode %04o and cannot be made 0700: %w", dir, mode, unwrapPath(err))
		}
	}
	st, err = os.Stat(f.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return fmt.Errorf("token file: %w", err)
	case !st.Mode().IsRegular():
		return fmt.Errorf("token file %s is not a regular file", f.path)
	case st.Mode().Perm()&0o077 != 0:
		if err := os.Chmod(f.path, 0o600); err != nil {
			return fmt.Errorf("token file %s is mode %04o, readable by others, and cannot be made 0600: %w", f.path, st.Mode().Perm(), unwrapPath(err))
		}
	}
	f.secured = true
	return nil
}

// ownsDir reports whether dir holds nothing but this store's files: the
// token file, its lock files and temporary files.
func (f *File) ownsDir(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	base := filepath.Base(f.path)
	for _, e := range entries {
		n := e.Name()
		if n != base && n != base+".lock" && !strings.HasPrefix(n, base+".user-") && !strings.HasPrefix(n, atomicfile.TempPrefix(f.path)) {
			return false
		}
	}
	return true
}

// unwrapPath drops the "op path:" of a *fs.PathError whose path the
// message names already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// update applies change to the file's content under the file lock and
// writes the result.
func (f *File) update(ctx context.Context, change func(*fileContent)) error {
	if err := f.secure(); err != nil {
		return err
	}
	unlock, err := lockFile(ctx, f.path+".lock")
	if err != nil {
		return err
	}
	defer unlock()
	f.removeStaleTemps()
	c, err := f.read()
	if err != nil || change == nil { // nil: only the check that a write could go ahead
		return err
	}
	change(&c)
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.Write(f.path, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("token file: %w", err)
	}
	return nil
}

// removeStaleTemps deletes temporary files a writer killed before its
// rename left behind. Every writer holds the file lock while its temporary
// file exists, so under the lock any such file is stale.
func (f *File) removeStaleTemps() {
	stale, _ := filepath.Glob(filepath.Join(filepath.Dir(f.path), atomicfile.TempPrefix(f.path)+"*"))
	for _, p := range stale {
		os.Remove(p)
	}
}
