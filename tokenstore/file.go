package tokenstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/zcrmrun/zcrmrun/atomicfile"
)

// File keeps every user's tokens in one JSON file. Writes go to a temporary
// file in the same directory which is synced and renamed over the old one,
// so a crash leaves either the old or the new file, never a torn one. The
// file is 0600 and its directory 0700. Read-modify-write cycles and token
// refreshes are serialised across processes with OS file locks.
type File struct {
	path string
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
	b, err := os.ReadFile(f.path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("token file: %w", err)
	}
	if err := json.Unmarshal(b, &c); err != nil {
		// The content may hold secrets: name the file, never echo the bytes.
		return c, fmt.Errorf("token file %s is not valid JSON (%d bytes); move it away and authorise again", f.path, len(b))
	}
	if c.Users == nil {
		c.Users = map[string]fileRecord{}
	}
	return c, nil
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
	if err := f.ensureDir(); err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(userID))
	return lockFile(ctx, f.path+".user-"+hex.EncodeToString(sum[:8])+".lock")
}

func (f *File) ensureDir() error {
	dir := filepath.Dir(f.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("token store directory: %w", err)
	}
	return nil
}

func (f *File) update(ctx context.Context, change func(*fileContent)) error {
	if err := f.ensureDir(); err != nil {
		return err
	}
	unlock, err := lockFile(ctx, f.path+".lock")
	if err != nil {
		return err
	}
	defer unlock()
	f.removeStaleTemps()
	c, err := f.read()
	if err != nil {
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
