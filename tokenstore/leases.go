package tokenstore

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Leases coordinate work across every process sharing a token store:
// a named lease belongs to one owner until it expires or is released.
// serve dedupes deliveries and schedule slots with them, and scripts
// take them with crm.lock.
type Leases interface {
	// Acquire takes name for owner for ttl and reports whether owner now
	// holds it: true when it was free, expired or already owner's (which
	// extends it), false while another owner holds it.
	Acquire(ctx context.Context, name, owner string, ttl time.Duration) (bool, error)
	// Release gives name up if owner holds it.
	Release(ctx context.Context, name, owner string) error
	// Singleton takes name for as long as this process lives or until
	// release, without waiting: ok is false while another process holds it.
	Singleton(ctx context.Context, name string) (release func(), ok bool, err error)
}

// LeaseTable is the table of the mysql store's leases, in its database.
const LeaseTable = "zcrmrun_leases"

func leaseKey(name string) string {
	sum := sha256.Sum256([]byte(name))
	return hex.EncodeToString(sum[:])
}

func (m *MySQL) leaseTable(ctx context.Context) (string, error) {
	if _, err := m.ensure(ctx); err != nil {
		return "", err
	}
	t := quoteIdent(m.dbase) + "." + quoteIdent(LeaseTable)
	// The key is a hash: names are free text and keys are limited in length.
	_, err := m.db.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS "+t+` (
  lease CHAR(64) NOT NULL PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  owner VARCHAR(64) NOT NULL,
  expires BIGINT NOT NULL
) DEFAULT CHARSET=utf8mb4`)
	return t, err
}

// Acquire is one upsert judged by the server's clock, so the hosts of a
// fleet need not agree on the time: the row changes hands only when it
// expired or is the caller's.
func (m *MySQL) Acquire(ctx context.Context, name, owner string, ttl time.Duration) (bool, error) {
	what := fmt.Sprintf("taking lease %q", name)
	t, err := m.leaseTable(ctx)
	if err != nil {
		return false, m.fail(what, err)
	}
	const now = "CAST(UNIX_TIMESTAMP(NOW(3)) * 1000 AS SIGNED)"
	// MySQL applies the assignments left to right; both test the row's
	// old values because owner only changes when the test holds.
	_, err = m.db.ExecContext(ctx, "INSERT INTO "+t+" (lease, name, owner, expires) VALUES (?, ?, ?, "+now+" + ?)"+
		" ON DUPLICATE KEY UPDATE"+
		" owner = IF(expires < "+now+" OR owner = VALUES(owner), VALUES(owner), owner),"+
		" expires = IF(owner = VALUES(owner), VALUES(expires), expires)",
		leaseKey(name), truncate(name, 255), owner, ttl.Milliseconds())
	if err != nil {
		return false, m.fail(what, err)
	}
	var holder string
	if err := m.db.QueryRowContext(ctx, "SELECT owner FROM "+t+" WHERE lease = ?", leaseKey(name)).Scan(&holder); err != nil {
		return false, m.fail(what, err)
	}
	return holder == owner, nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func (m *MySQL) Release(ctx context.Context, name, owner string) error {
	t, err := m.leaseTable(ctx)
	if err == nil {
		_, err = m.db.ExecContext(ctx, "DELETE FROM "+t+" WHERE lease = ? AND owner = ?", leaseKey(name), owner)
	}
	if err != nil {
		return m.fail(fmt.Sprintf("releasing lease %q", name), err)
	}
	return nil
}

// Singleton holds GET_LOCK on a connection of its own, so the server frees
// it when the process dies however it dies.
func (m *MySQL) Singleton(ctx context.Context, name string) (func(), bool, error) {
	what := fmt.Sprintf("taking singleton %q", name)
	conn, err := m.db.Conn(ctx)
	if err != nil {
		return nil, false, m.fail(what, err)
	}
	var got sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, 0)", m.lockName("s", name)).Scan(&got); err != nil {
		conn.Close()
		return nil, false, m.fail(what, err)
	}
	if !got.Valid || got.Int64 != 1 {
		conn.Close()
		return nil, false, nil
	}
	return func() {
		conn.ExecContext(context.Background(), "DO RELEASE_LOCK(?)", m.lockName("s", name))
		conn.Close()
	}, true, nil
}

// fileLease is one lease of a file store, kept in a file of its own.
type fileLease struct {
	Name    string `json:"name"`
	Owner   string `json:"owner"`
	Expires int64  `json:"expires"` // epoch ms
}

func (f *File) leaseDir() (string, error) {
	dir := f.path + ".leases"
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("lease folder: %w", err)
	}
	return dir, nil
}

// Acquire reads and writes the lease's file under a lock on it: the
// processes of one host, which share the file store, take turns.
func (f *File) Acquire(ctx context.Context, name, owner string, ttl time.Duration) (bool, error) {
	dir, err := f.leaseDir()
	if err != nil {
		return false, err
	}
	path := filepath.Join(dir, leaseKey(name)[:32])
	unlock, err := lockFile(ctx, path+".lock")
	if err != nil {
		return false, err
	}
	defer unlock()
	var l fileLease
	b, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return false, fmt.Errorf("lease %q: %w", name, err)
	}
	now := time.Now().UnixMilli()
	if len(b) > 0 && json.Unmarshal(b, &l) == nil && l.Owner != owner && l.Expires >= now {
		return false, nil
	}
	b, _ = json.Marshal(fileLease{Name: name, Owner: owner, Expires: now + ttl.Milliseconds()})
	if err := os.WriteFile(path, b, 0o600); err != nil {
		return false, fmt.Errorf("lease %q: %w", name, err)
	}
	return true, nil
}

func (f *File) Release(ctx context.Context, name, owner string) error {
	dir, err := f.leaseDir()
	if err != nil {
		return err
	}
	path := filepath.Join(dir, leaseKey(name)[:32])
	unlock, err := lockFile(ctx, path+".lock")
	if err != nil {
		return err
	}
	defer unlock()
	var l fileLease
	if b, err := os.ReadFile(path); err == nil && json.Unmarshal(b, &l) == nil && l.Owner == owner {
		return os.Remove(path)
	}
	return nil
}

// Singleton holds a flock, which the kernel drops with the process.
func (f *File) Singleton(ctx context.Context, name string) (func(), bool, error) {
	dir, err := f.leaseDir()
	if err != nil {
		return nil, false, err
	}
	release, err := tryLockFile(filepath.Join(dir, "singleton-"+leaseKey(name)[:32]+".lock"))
	if errors.Is(err, errLocked) {
		return nil, false, nil
	}
	return release, err == nil, err
}

var errLocked = errors.New("held by another process")

// LeasesOf returns the leases of a store that has them.
func LeasesOf(s Store) (Leases, bool) {
	l, ok := s.(Leases)
	return l, ok
}

// NewOwner is a lease owner unique to this process and call.
func NewOwner() string {
	host, _ := os.Hostname()
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return truncate(strings.ReplaceAll(host, " ", "_"), 40) + "-" + hex.EncodeToString(b)
}
