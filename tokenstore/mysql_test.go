package tokenstore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/zcrmrun/zcrmrun/tokenstore"
	"github.com/zcrmrun/zcrmrun/tokenstore/mysqltest"
)

// rawDB opens the test database directly, creating it, for SQL written the
// way zcrmsdk writes it.
func rawDB(t *testing.T, dsn string) *sql.DB { return mysqltest.Open(t, dsn) }

func newMySQL(t *testing.T, dsn, table string) *tokenstore.MySQL {
	t.Helper()
	s, err := tokenstore.NewMySQL(dsn, table)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// The table as the seed SDK's documentation tells its users to create it,
// and rows written with the seed's own statements.
const seedCreateTable = "CREATE TABLE oauthtokens(useridentifier varchar(100) NOT NULL, accesstoken varchar(100) NOT NULL, refreshtoken varchar(100) NOT NULL, expirytime bigint(100) NOT NULL)"

func TestMySQLReadsAndWritesASeedTable(t *testing.T) {
	ctx := context.Background()
	dsn := mysqltest.DSN(t)
	db := rawDB(t, dsn)
	if _, err := db.Exec(seedCreateTable); err != nil {
		t.Fatal(err)
	}
	// zcrmsdk's saveOAuthTokens, values quoted inline as it does.
	if _, err := db.Exec("INSERT INTO oauthtokens (useridentifier, accesstoken,refreshtoken,expirytime) VALUES ('zcrm_default_user','1000.seedaccess.aaaa','1000.seedrefresh.bbbb',1795888039040)"); err != nil {
		t.Fatal(err)
	}
	s := newMySQL(t, dsn, "")
	got, err := s.Load(ctx, "zcrm_default_user")
	if err != nil {
		t.Fatal(err)
	}
	want := tokenstore.Token{UserID: "zcrm_default_user", AccessToken: "1000.seedaccess.aaaa", RefreshToken: "1000.seedrefresh.bbbb", Expiry: time.UnixMilli(1795888039040)}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Load from a seed row = %v, want %v", got, want)
	}

	// zcrmrun writes; zcrmsdk's getOAuthTokens query reads it back.
	exp := time.UnixMilli(1795999999123)
	if err := s.Save(ctx, tokenstore.Token{UserID: "zcrm_default_user", AccessToken: "1000.newaccess.cccc", RefreshToken: "1000.seedrefresh.bbbb", Expiry: exp, APIDomain: "https://www.zohoapis.eu"}); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query("Select * from oauthtokens where useridentifier = 'zcrm_default_user'")
	if err != nil {
		t.Fatal(err)
	}
	var n int
	for rows.Next() {
		var u, a, r string
		var e int64
		if err := rows.Scan(&u, &a, &r, &e); err != nil {
			t.Fatalf("the seed table gained or lost columns: %v", err)
		}
		n++
		if a != "1000.newaccess.cccc" || r != "1000.seedrefresh.bbbb" || e != exp.UnixMilli() {
			t.Errorf("seed query sees %q %q %d", a, r, e)
		}
	}
	rows.Close()
	if n != 1 {
		t.Fatalf("seed query sees %d rows for the user, want 1", n)
	}

	// zcrmsdk's updateOAuthTokens after its own refresh; zcrmrun sees it.
	if _, err := db.Exec("update oauthtokens set accesstoken = '1000.sdkrefreshed.dddd' , expirytime=1796000000000 where useridentifier = 'zcrm_default_user'"); err != nil {
		t.Fatal(err)
	}
	got, err = s.Load(ctx, "zcrm_default_user")
	if err != nil {
		t.Fatal(err)
	}
	if got.AccessToken != "1000.sdkrefreshed.dddd" || got.Expiry.UnixMilli() != 1796000000000 || got.RefreshToken != "1000.seedrefresh.bbbb" {
		t.Fatalf("after the seed's update, Load = %v", got)
	}
	if _, err := s.Load(ctx, "someone_else"); !errors.Is(err, tokenstore.ErrNotFound) {
		t.Fatalf("unknown user: %v, want ErrNotFound", err)
	}
	users, err := s.Users(ctx)
	if err != nil || !reflect.DeepEqual(users, []string{"zcrm_default_user"}) {
		t.Fatalf("Users = %v, %v", users, err)
	}
}

func TestMySQLCreatesASeedCompatibleTable(t *testing.T) {
	ctx := context.Background()
	dsn := mysqltest.DSN(t) // the database does not exist yet
	s := newMySQL(t, dsn, "tokens_custom")
	exp := time.UnixMilli(1795888039040)
	in := tokenstore.Token{UserID: "alice@example.com", AccessToken: "1000.a.a", RefreshToken: "1000.r.r", Expiry: exp, APIDomain: "https://www.zohoapis.in"}
	if err := s.Save(ctx, in); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load(ctx, in.UserID)
	if err != nil || !reflect.DeepEqual(got, in) {
		t.Fatalf("round trip: %v, %v; want %v", got, err, in)
	}
	// zcrmsdk writes into the table zcrmrun created (its INSERT names only
	// the four seed columns) and zcrmrun reads the row.
	db := rawDB(t, dsn)
	if _, err := db.Exec("INSERT INTO tokens_custom (useridentifier, accesstoken,refreshtoken,expirytime) VALUES ('bob','1000.sdk.a','1000.sdk.r',1795888039041)"); err != nil {
		t.Fatal(err)
	}
	got, err = s.Load(ctx, "bob")
	if err != nil {
		t.Fatal(err)
	}
	if got.AccessToken != "1000.sdk.a" || got.RefreshToken != "1000.sdk.r" || got.Expiry.UnixMilli() != 1795888039041 || got.APIDomain != "" {
		t.Fatalf("row written by the seed: %v", got)
	}
	if err := s.Delete(ctx, "bob"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(ctx, "bob"); !errors.Is(err, tokenstore.ErrNotFound) {
		t.Fatalf("after Delete: %v", err)
	}
	if _, err := s.Load(ctx, in.UserID); err != nil {
		t.Fatalf("Delete of bob touched alice: %v", err)
	}
}

func TestMySQLHostileUserIDs(t *testing.T) {
	ctx := context.Background()
	dsn := mysqltest.DSN(t)
	db := rawDB(t, dsn)
	if _, err := db.Exec(seedCreateTable); err != nil { // default collation: case and trailing spaces fold
		t.Fatal(err)
	}
	s := newMySQL(t, dsn, "")
	ids := []string{
		"x' OR '1'='1",
		"'; DROP TABLE oauthtokens; --",
		`Robert"); DELETE FROM oauthtokens; --`,
		`back\slash\'quote`,
		"Alice", "alice", "bob", "bob ",
		"ユーザー@例え.jp",
		"%", "_",
	}
	for i, id := range ids {
		tok := tokenstore.Token{UserID: id, AccessToken: fmt.Sprintf("1000.access.%d", i), RefreshToken: fmt.Sprintf("1000.refresh.%d", i), Expiry: time.UnixMilli(1795888039040 + int64(i))}
		if err := s.Save(ctx, tok); err != nil {
			t.Fatalf("Save(%q): %v", id, err)
		}
	}
	for i, id := range ids {
		got, err := s.Load(ctx, id)
		if err != nil {
			t.Fatalf("Load(%q): %v", id, err)
		}
		if got.UserID != id || got.AccessToken != fmt.Sprintf("1000.access.%d", i) {
			t.Errorf("Load(%q) = %v, want access token #%d", id, got, i)
		}
	}
	users, err := s.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != len(ids) {
		t.Fatalf("Users = %q, want the %d ids", users, len(ids))
	}
	if err := s.Delete(ctx, "x' OR '1'='1"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Load(ctx, "Alice"); err != nil {
		t.Fatalf("deleting alice removed Alice: %v", err)
	}
	users, _ = s.Users(ctx)
	if len(users) != len(ids)-2 {
		t.Fatalf("after two deletes Users = %q", users)
	}
}

func TestMySQLConcurrentSavesLeaveOneRow(t *testing.T) {
	ctx := context.Background()
	dsn := mysqltest.DSN(t)
	s := newMySQL(t, dsn, "")
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- s.Save(ctx, tokenstore.Token{UserID: "u", AccessToken: fmt.Sprint("a", i), RefreshToken: "r", Expiry: time.UnixMilli(1795888039040)})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var n int
	if err := rawDB(t, dsn).QueryRow("SELECT COUNT(*) FROM oauthtokens WHERE useridentifier = 'u'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("%d rows for one user after concurrent saves, want 1", n)
	}
}

func TestMySQLLockExcludesOtherPools(t *testing.T) {
	ctx := context.Background()
	dsn := mysqltest.DSN(t)
	a, b := newMySQL(t, dsn, ""), newMySQL(t, dsn, "")
	unlock, err := a.Lock(ctx, "u")
	if err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 1500*time.Millisecond)
	_, err = b.Lock(short, "u")
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second pool locked a held user lock: err = %v", err)
	}
	other, err := b.Lock(ctx, "v")
	if err != nil {
		t.Fatalf("a different user waited on u's lock: %v", err)
	}
	other()
	unlock()
	again, err := b.Lock(ctx, "u")
	if err != nil {
		t.Fatalf("lock not released: %v", err)
	}
	again()
}

func TestMySQLServerDownNamesHostNotPassword(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	const password = "pa55-w0rd-never-shown"
	s := newMySQL(t, "zcrmrun:"+password+"@tcp("+addr+")/zohooauth", "")
	ctx := context.Background()
	check := func(op string, err error) {
		t.Helper()
		if err == nil {
			t.Fatalf("%s against a stopped server succeeded", op)
		}
		if !strings.Contains(err.Error(), addr) || strings.Contains(err.Error(), password) {
			t.Fatalf("%s error %q must name %s and not the password", op, err, addr)
		}
	}
	_, err = s.Load(ctx, "u")
	check("Load", err)
	check("Save", s.Save(ctx, tokenstore.Token{UserID: "u", RefreshToken: "r"}))
	_, err = s.Lock(ctx, "u")
	check("Lock", err)
	_, err = s.Users(ctx)
	check("Users", err)
}

func TestMySQLBadDSNHidesPassword(t *testing.T) {
	_, err := tokenstore.NewMySQL("zcrmrun:hunter2-secret@tcp(127.0.0.1:3306/zohooauth", "")
	if err == nil || strings.Contains(err.Error(), "hunter2-secret") {
		t.Fatalf("bad DSN error = %v", err)
	}
}

// The server goes away after tokens were saved: calls fail with an error
// naming host:port (never the password) instead of crashing, and once it
// is back the same store works again with nothing lost.
func TestMySQLSurvivesAnOutage(t *testing.T) {
	ctx := context.Background()
	dsn := mysqltest.DSN(t)
	cfg, _ := mysql.ParseDSN(dsn)
	p := mysqltest.NewProxy(t, cfg.Addr)
	cfg.Addr = p.Addr()
	s := newMySQL(t, cfg.FormatDSN(), "")
	tok := tokenstore.Token{UserID: "u", AccessToken: "1000.a", RefreshToken: "1000.r", Expiry: time.UnixMilli(1795888039040)}
	if err := s.Save(ctx, tok); err != nil {
		t.Fatal(err)
	}

	p.Down()
	_, err := s.Load(ctx, "u")
	if err == nil || !strings.Contains(err.Error(), p.Addr()) || strings.Contains(err.Error(), cfg.Passwd) {
		t.Fatalf("Load while the server is down: %v; want an error naming %s without the password", err, p.Addr())
	}
	if err := s.Save(ctx, tokenstore.Token{UserID: "u", AccessToken: "1000.b", RefreshToken: "1000.r2"}); err == nil {
		t.Fatal("Save while the server is down succeeded")
	}

	p.Up()
	got, err := s.Load(ctx, "u")
	if err != nil {
		t.Fatalf("after the server is back: %v", err)
	}
	if got != tok {
		t.Fatalf("after the outage Load = %v, want %v", got, tok)
	}
}

// Names from config are identifiers, not SQL: a hostile table name is
// created and used literally, and a DSN without a database means zohooauth.
func TestMySQLHostileTableName(t *testing.T) {
	ctx := context.Background()
	dsn := mysqltest.DSN(t)
	const table = "tok`ens; DROP TABLE x; --"
	s := newMySQL(t, dsn, table)
	in := tokenstore.Token{UserID: "u", AccessToken: "1000.a", RefreshToken: "1000.r", Expiry: time.UnixMilli(1795888039040)}
	if err := s.Save(ctx, in); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Load(ctx, "u"); err != nil || got != in {
		t.Fatalf("Load = %v, %v", got, err)
	}
	var n int
	if err := rawDB(t, dsn).QueryRow("SELECT COUNT(*) FROM `tok``ens; DROP TABLE x; --`").Scan(&n); err != nil || n != 1 {
		t.Fatalf("rows in the literally named table: %d, %v", n, err)
	}
	noDB, err := tokenstore.NewMySQL(strings.TrimSuffix(mysqltest.Admin(dsn), "/"), "")
	if err != nil || !strings.HasSuffix(noDB.Where(), "(zohooauth.oauthtokens)") {
		t.Fatalf("DSN without a database: %v, %v", noDB, err)
	}
	noDB.Close()
}
