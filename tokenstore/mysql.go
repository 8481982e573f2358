package tokenstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/go-sql-driver/mysql"
)

// The seed SDK's defaults: database zohooauth, table oauthtokens, reached
// as root with no password on localhost:3306.
const (
	DefaultMySQLDatabase = "zohooauth"
	DefaultMySQLTable    = "oauthtokens"
	DefaultMySQLDSN      = "root@tcp(localhost:3306)/" + DefaultMySQLDatabase
)

// MySQL keeps tokens in a MySQL or MariaDB table with the seed SDK's layout:
// useridentifier, accesstoken, refreshtoken (varchar) and expirytime
// (bigint, epoch milliseconds), one row per user. A table zcrmsdk already
// uses works unchanged, so both tools can share it. The database and table
// are created on first use when missing; only a table created here gets the
// extra nullable apidomain column, and a seed table is used without it.
//
// Writes replace the user's rows in one transaction. Refreshes are
// serialised across processes with GET_LOCK held on a dedicated connection
// for the life of the lock, so the lock dies with a crashed holder.
type MySQL struct {
	db    *sql.DB
	admin *mysql.Config // the same server without a database, to create it
	where string        // host:port (or socket) for error messages
	dbase string
	table string

	mu           sync.Mutex // guards ready, hasAPIDomain and userCharset
	ready        bool
	hasAPIDomain bool
	userCharset  string // of the useridentifier column, for errors
}

// Location says where the tokens are, for users: database, table and
// server (never the password).
func (s *MySQL) Location() string { return fmt.Sprintf("table %s.%s on %s", s.dbase, s.table, s.where) }

// NewMySQL returns a store for the server, user, password and database in
// dsn (go-sql-driver form, e.g. "user:pass@tcp(host:3306)/zohooauth"; empty
// means DefaultMySQLDSN; no database means zohooauth) and table (empty
// means oauthtokens). It does not connect: the first call does, so a
// server that is down is reported when tokens are needed.
func NewMySQL(dsn, table string) (*MySQL, error) {
	if dsn == "" {
		dsn = DefaultMySQLDSN
	}
	if !strings.Contains(dsn, "/") {
		dsn += "/" // "user:pass@tcp(host:port)" means the default database
	}
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("mysql token store: bad DSN (want user:password@tcp(host:port)/database): %s", redactDSNError(err, dsn))
	}
	if table == "" {
		table = DefaultMySQLTable
	}
	if cfg.DBName == "" {
		cfg.DBName = DefaultMySQLDatabase
	}
	if strings.ContainsRune(cfg.DBName, 0) || strings.ContainsRune(table, 0) {
		return nil, errors.New("mysql token store: database and table names must not contain NUL")
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 10 * time.Second // a blackholed host must not hang a run
	}
	// The driver logs dropped connections to stderr, into a script's
	// output; every failure that matters is returned as an error instead.
	cfg.Logger = log.New(io.Discard, "", 0)
	admin := cfg.Clone()
	admin.DBName = ""
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("mysql token store at %s: %s", cfg.Addr, redactDSNError(err, dsn))
	}
	db := sql.OpenDB(conn)
	db.SetMaxIdleConns(4)
	db.SetConnMaxIdleTime(time.Minute)
	db.SetConnMaxLifetime(5 * time.Minute)
	return &MySQL{db: db, admin: admin, where: cfg.Addr, dbase: cfg.DBName, table: table}, nil
}

// redactDSNError keeps a password that the driver might quote out of the
// message: the DSN's user-info part is cut out wherever it appears.
func redactDSNError(err error, dsn string) string {
	msg := err.Error()
	if at := strings.LastIndex(dsn, "@"); at > 0 {
		if colon := strings.Index(dsn[:at], ":"); colon >= 0 && colon+1 < at {
			msg = strings.ReplaceAll(msg, dsn[colon+1:at], "<redacted>")
		}
	}
	return msg
}

// Where names the server (host:port) and table, never the credentials.
func (m *MySQL) Where() string { return m.where + " (" + m.dbase + "." + m.table + ")" }

// Close releases the connection pool.
func (m *MySQL) Close() error { return m.db.Close() }

func (m *MySQL) fail(what string, err error) error {
	if errors.Is(err, mysql.ErrInvalidConn) || errors.Is(err, driver.ErrBadConn) {
		// The driver's own words ("invalid connection") hide what happened.
		err = fmt.Errorf("the connection to the server was lost: %w", err)
	}
	var me *mysql.MySQLError
	if errors.As(err, &me) && (me.Number == 1267 || me.Number == 1270 || me.Number == 1271 ||
		me.Number == 1366 && strings.Contains(me.Message, "useridentifier")) {
		// "Illegal mix of collations": a seed table in latin1, say, and a
		// user id with characters latin1 has not.
		m.mu.Lock()
		charset := m.userCharset
		m.mu.Unlock()
		if charset == "" {
			charset = "of the table"
		}
		err = fmt.Errorf("the user id has characters that column useridentifier (character set %s) cannot hold; "+
			"convert the table with ALTER TABLE %s CONVERT TO CHARACTER SET utf8mb4 (%w)", charset, m.qtable(), err)
	}
	return fmt.Errorf("mysql token store at %s, table %s.%s: %s: %w", m.where, m.dbase, m.table, what, err)
}

// quoteIdent quotes a database or table name so that any name is taken
// literally; names cannot be bound as parameters.
func quoteIdent(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }

func (m *MySQL) qtable() string { return quoteIdent(m.dbase) + "." + quoteIdent(m.table) }

// exactUser matches one user id byte for byte. The column's collation may
// fold case and trailing spaces (seed tables use the server default), so
// the indexable comparison is narrowed by a binary one; both bind the id.
const exactUser = "useridentifier = ? AND CAST(CONVERT(useridentifier USING utf8mb4) AS BINARY) = CAST(? AS BINARY)"

// seedColumns are the columns zcrmsdk reads and writes.
var seedColumns = []string{"useridentifier", "accesstoken", "refreshtoken", "expirytime"}

// ensure creates the database and table when missing and learns whether
// the table has an apidomain column. A failure is not remembered, so the
// next call retries once the server is back.
func (m *MySQL) ensure(ctx context.Context) (hasAPIDomain bool, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ready {
		return m.hasAPIDomain, nil
	}
	cols, err := m.columns(ctx)
	var me *mysql.MySQLError
	if errors.As(err, &me) && me.Number == 1049 { // unknown database
		if err = m.createDatabase(ctx); err == nil {
			cols, err = m.columns(ctx)
		}
	}
	if err != nil {
		return false, err
	}
	if len(cols) == 0 {
		if _, err := m.db.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS "+m.qtable()+` (
  useridentifier VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  accesstoken VARCHAR(255) NOT NULL,
  refreshtoken VARCHAR(255) NOT NULL,
  expirytime BIGINT NOT NULL,
  apidomain VARCHAR(255) NULL,
  KEY useridentifier (useridentifier)
) DEFAULT CHARSET=utf8mb4`); err != nil {
			return false, fmt.Errorf("creating the table: %w", err)
		}
		// Another process may have created a seed-style table first.
		if cols, err = m.columns(ctx); err != nil {
			return false, err
		}
	}
	for _, c := range seedColumns {
		if _, ok := cols[c]; !ok {
			return false, fmt.Errorf("the table has no %s column; it needs the seed SDK's columns %s", c, strings.Join(seedColumns, ", "))
		}
	}
	for _, c := range []string{"accesstoken", "refreshtoken"} {
		if err := m.wideEnough(c, cols[c], ZohoTokenLength); err != nil {
			return false, err
		}
	}
	_, m.hasAPIDomain = cols["apidomain"]
	m.userCharset = cols["useridentifier"].charset.String
	m.ready = true
	return m.hasAPIDomain, nil
}

// ZohoTokenLength is the length of Zoho's access and refresh tokens,
// "1000.<32 hex>.<32 hex>" in every example of Zoho's documentation.
const ZohoTokenLength = 70

// column is what information_schema says of one column.
type column struct {
	dataType   string        // varchar, text, int, ...
	columnType string        // varchar(50), as it was declared
	chars      sql.NullInt64 // CHARACTER_MAXIMUM_LENGTH; NULL for non-text types
	charset    sql.NullString
}

// wideEnough refuses a column that cannot hold need characters: a seed
// table made with varchar(50) cuts Zoho's tokens short, silently under
// sql_mode=” (the next refresh then fails with invalid_code) and with
// "Data too long" under strict mode.
func (m *MySQL) wideEnough(name string, c column, need int) error {
	widen := fmt.Sprintf("widen it: ALTER TABLE %s MODIFY %s VARCHAR(255) NOT NULL", m.qtable(), name)
	if !c.chars.Valid {
		return fmt.Errorf("column %s is %s, not text; Zoho's tokens are %d-character strings: %s", name, c.columnType, need, widen)
	}
	if c.chars.Int64 < int64(need) {
		return fmt.Errorf("column %s is %s, too narrow for Zoho's tokens, which are %d characters (1000.<32 hex>.<32 hex>): %s",
			name, c.columnType, need, widen)
	}
	return nil
}

func (m *MySQL) columns(ctx context.Context) (map[string]column, error) {
	rows, err := m.db.QueryContext(ctx,
		"SELECT LOWER(COLUMN_NAME), LOWER(DATA_TYPE), LOWER(COLUMN_TYPE), CHARACTER_MAXIMUM_LENGTH, CHARACTER_SET_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", m.dbase, m.table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols := map[string]column{}
	for rows.Next() {
		var name string
		var c column
		if err := rows.Scan(&name, &c.dataType, &c.columnType, &c.chars, &c.charset); err != nil {
			return nil, err
		}
		cols[name] = c
	}
	return cols, rows.Err()
}

func (m *MySQL) createDatabase(ctx context.Context) error {
	conn, err := mysql.NewConnector(m.admin)
	if err != nil {
		return err
	}
	db := sql.OpenDB(conn)
	defer db.Close()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE IF NOT EXISTS "+quoteIdent(m.dbase)+" CHARACTER SET utf8mb4"); err != nil {
		return fmt.Errorf("creating the database: %w", err)
	}
	return nil
}

// Load implements Store. Should a seed table hold several rows for the
// user (zcrmsdk's delete-then-insert is not atomic), the one that expires
// last wins.
func (m *MySQL) Load(ctx context.Context, userID string) (Token, error) {
	hasAPI, err := m.ensure(ctx)
	if err != nil {
		return Token{}, m.fail(fmt.Sprintf("loading tokens of user %q", userID), err)
	}
	cols := "accesstoken, refreshtoken, expirytime"
	if hasAPI {
		cols += ", apidomain"
	}
	var access, refresh, api sql.NullString
	var expiry sql.NullInt64
	dest := []any{&access, &refresh, &expiry}
	if hasAPI {
		dest = append(dest, &api)
	}
	err = m.db.QueryRowContext(ctx, "SELECT "+cols+" FROM "+m.qtable()+" WHERE "+exactUser+" ORDER BY expirytime DESC LIMIT 1",
		userID, userID).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return Token{}, fmt.Errorf("mysql token store at %s: user %q: %w", m.where, userID, ErrNotFound)
	}
	if err != nil {
		return Token{}, m.fail(fmt.Sprintf("loading tokens of user %q", userID), err)
	}
	t := Token{UserID: userID, AccessToken: access.String, RefreshToken: refresh.String, APIDomain: api.String}
	if expiry.Int64 > 0 {
		t.Expiry = time.UnixMilli(expiry.Int64)
	}
	return t, nil
}

// Save implements Store: the user's rows are replaced in one transaction,
// under a per-user write lock so that two first saves of a user cannot both
// insert (a seed table has no unique key to stop them).
func (m *MySQL) Save(ctx context.Context, t Token) error {
	if err := m.save(ctx, t, true); err != nil {
		return m.fail(fmt.Sprintf("saving tokens of user %q", t.UserID), err)
	}
	return nil
}

// save replaces the user's rows with t, committing only if commit is set.
func (m *MySQL) save(ctx context.Context, t Token, commit bool) error {
	hasAPI, err := m.ensure(ctx)
	if err != nil {
		return err
	}
	conn, err := m.db.Conn(ctx)
	if err != nil {
		return err
	}
	unlock, err := getLock(ctx, conn, m.lockName("w", t.UserID))
	if err != nil {
		return err
	}
	defer unlock()
	for attempt := 0; ; attempt++ {
		err = m.replace(ctx, conn, t, hasAPI, commit)
		if !retryable(err) || attempt == 5 {
			return err
		}
	}
}

// CheckWrite implements WriteChecker: it writes tokens of Zoho's length
// for the user, reads them back and rolls the transaction back, so a
// server that is down, refuses the password, or gives no right to write
// the table (or cuts what it holds) is found before a grant code is spent.
func (m *MySQL) CheckWrite(ctx context.Context, userID string) error {
	probe := "1000." + strings.Repeat("0", 32) + "." + strings.Repeat("0", 32)
	t := Token{UserID: userID, AccessToken: probe, RefreshToken: probe, Expiry: time.UnixMilli(1), APIDomain: "https://sandbox.zohoapis.com.au"}
	if err := m.save(ctx, t, false); err != nil {
		return m.fail(fmt.Sprintf("checking that tokens of user %q can be saved", userID), err)
	}
	return nil
}

// replace runs read-committed, so it takes no gap locks that writes of
// other users could deadlock on. It reads back what it wrote before it
// commits (or, without commit, rolls back), so a value the table changed
// is refused rather than stored.
func (m *MySQL) replace(ctx context.Context, conn *sql.Conn, t Token, hasAPI, commit bool) error {
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	if err != nil {
		return err
	}
	defer tx.Rollback() // a no-op after Commit
	if _, err := tx.ExecContext(ctx, "DELETE FROM "+m.qtable()+" WHERE "+exactUser, t.UserID, t.UserID); err != nil {
		return err
	}
	var expiry int64
	if !t.Expiry.IsZero() {
		expiry = t.Expiry.UnixMilli()
	}
	q := "INSERT INTO " + m.qtable() + " (useridentifier, accesstoken, refreshtoken, expirytime) VALUES (?, ?, ?, ?)"
	args := []any{t.UserID, t.AccessToken, t.RefreshToken, expiry}
	if hasAPI {
		q = "INSERT INTO " + m.qtable() + " (useridentifier, accesstoken, refreshtoken, expirytime, apidomain) VALUES (?, ?, ?, ?, ?)"
		args = append(args, sql.NullString{String: t.APIDomain, Valid: t.APIDomain != ""})
	}
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return err
	}
	if err := m.readBack(ctx, tx, t, hasAPI); err != nil {
		return err
	}
	if !commit {
		return tx.Rollback()
	}
	return tx.Commit()
}

// readBack checks that the user's row holds exactly what was written.
func (m *MySQL) readBack(ctx context.Context, tx *sql.Tx, t Token, hasAPI bool) error {
	cols := "accesstoken, refreshtoken"
	var access, refresh, api sql.NullString
	dest := []any{&access, &refresh}
	if hasAPI {
		cols += ", apidomain"
		dest = append(dest, &api)
	}
	err := tx.QueryRowContext(ctx, "SELECT "+cols+" FROM "+m.qtable()+" WHERE "+exactUser, t.UserID, t.UserID).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("column useridentifier did not keep the user id as written (too narrow, or a character set that cannot hold it); nothing was saved")
	}
	if err != nil {
		return err
	}
	for _, c := range []struct {
		name, wrote, kept string
	}{
		{"accesstoken", t.AccessToken, access.String},
		{"refreshtoken", t.RefreshToken, refresh.String},
		{"apidomain", t.APIDomain, api.String},
	} {
		if c.name == "apidomain" && !hasAPI {
			continue
		}
		if c.kept != c.wrote {
			return fmt.Errorf("column %s kept %d of the %d characters written (it is too narrow or converts them); nothing was saved",
				c.name, utf8.RuneCountInString(c.kept), utf8.RuneCountInString(c.wrote))
		}
	}
	return nil
}

// retryable reports a transaction the server rolled back for a deadlock
// or lock wait (possible when zcrmsdk writes the same table meanwhile).
func retryable(err error) bool {
	var me *mysql.MySQLError
	return errors.As(err, &me) && (me.Number == 1213 || me.Number == 1205)
}

// Delete implements Store.
func (m *MySQL) Delete(ctx context.Context, userID string) error {
	_, err := m.ensure(ctx)
	if err == nil {
		_, err = m.db.ExecContext(ctx, "DELETE FROM "+m.qtable()+" WHERE "+exactUser, userID, userID)
	}
	if err != nil {
		return m.fail(fmt.Sprintf("deleting tokens of user %q", userID), err)
	}
	return nil
}

// Users implements Lister.
func (m *MySQL) Users(ctx context.Context) ([]string, error) {
	users, err := m.users(ctx)
	if err != nil {
		return nil, m.fail("listing users", err)
	}
	return users, nil
}

func (m *MySQL) users(ctx context.Context) ([]string, error) {
	if _, err := m.ensure(ctx); err != nil {
		return nil, err
	}
	rows, err := m.db.QueryContext(ctx, "SELECT useridentifier FROM "+m.qtable())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	seen := map[string]bool{}
	users := []string{}
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, err
		}
		if !seen[u] {
			seen[u] = true
			users = append(users, u)
		}
	}
	sort.Strings(users)
	return users, rows.Err()
}

// Lock implements Locker with a named server lock held by one pooled
// connection set aside until unlock, so the lock dies with its process.
func (m *MySQL) Lock(ctx context.Context, userID string) (func(), error) {
	what := fmt.Sprintf("locking tokens of user %q", userID)
	if _, err := m.ensure(ctx); err != nil {
		return nil, m.fail(what, err)
	}
	conn, err := m.db.Conn(ctx)
	if err != nil {
		return nil, m.fail(what, err)
	}
	unlock, err := getLock(ctx, conn, m.lockName("r", userID))
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, m.fail(what, err)
	}
	return unlock, nil
}

// lockName is a hash, because lock names are limited to 64 characters and
// user ids are not. kind keeps the refresh lock apart from the write lock
// Save takes while the refresh lock is held on another connection.
func (m *MySQL) lockName(kind, userID string) string {
	sum := sha256.Sum256([]byte(m.dbase + "\x00" + m.table + "\x00" + userID))
	return "zcrmrun." + kind + "." + hex.EncodeToString(sum[:16])
}

// lockPoll bounds each GET_LOCK wait in seconds, so a cancelled ctx is
// noticed without killing the connection.
const lockPoll = 1

// getLock takes the named lock on conn and returns a func that releases it
// and closes conn. On failure conn is closed.
func getLock(ctx context.Context, conn *sql.Conn, name string) (func(), error) {
	for {
		var got sql.NullInt64
		if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, ?)", name, lockPoll).Scan(&got); err != nil {
			conn.Close()
			return nil, err
		}
		if got.Valid && got.Int64 == 1 {
			break
		}
		if !got.Valid {
			conn.Close()
			return nil, errors.New("GET_LOCK failed")
		}
		if err := ctx.Err(); err != nil {
			conn.Close()
			return nil, err
		}
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			// Should the release fail, the connection is discarded and the
			// server frees the lock with it.
			var released sql.NullInt64
			err := conn.QueryRowContext(context.Background(), "SELECT RELEASE_LOCK(?)", name).Scan(&released)
			if err != nil || released.Int64 != 1 {
				conn.Raw(func(any) error { return driver.ErrBadConn })
			}
			conn.Close()
		})
	}, nil
}
