// Package mysqltest gives tests a database of their own on the real MySQL
// or MariaDB server named by ZCRMRUN_TEST_MYSQL_DSN, as .ci/mariadb.sh
// starts one. Without that variable tests skip, saying how to run them.
package mysqltest

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/zcrmrun/zcrmrun/crmsim"
)

// EnvDSN is the variable naming the test server, e.g.
// "zcrmrun:zcrmrun-test@tcp(127.0.0.1:33061)/".
const EnvDSN = "ZCRMRUN_TEST_MYSQL_DSN"

var unsafeName = regexp.MustCompile(`[^a-z0-9]+`)

// DSN returns a DSN for a database named after the test with a random
// suffix, so runs never collide. The database is not created (stores
// create what is missing); it is dropped when the test ends.
func DSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvDSN)
	if base == "" {
		t.Skip(EnvDSN + " is not set: run `. .ci/mariadb.sh && start_mariadb && export " + EnvDSN + "` (or bash .ci/run) to test against a real MariaDB")
	}
	cfg, err := mysql.ParseDSN(base)
	if err != nil {
		t.Fatalf("%s: %v", EnvDSN, err)
	}
	b := make([]byte, 4)
	rand.Read(b)
	name := "zt_" + unsafeName.ReplaceAllString(strings.ToLower(t.Name()), "_")
	if len(name) > 50 {
		name = name[:50]
	}
	cfg.DBName = name + "_" + hex.EncodeToString(b)
	t.Cleanup(func() {
		if db, err := sql.Open("mysql", Admin(cfg.FormatDSN())); err == nil {
			db.Exec("DROP DATABASE IF EXISTS `" + cfg.DBName + "`")
			db.Close()
		}
	})
	return cfg.FormatDSN()
}

// Open creates dsn's database and opens it directly, for SQL written the
// way other tools (zcrmsdk, an operator) write it; it is closed when the
// test ends.
func Open(t testing.TB, dsn string) *sql.DB {
	t.Helper()
	cfg, _ := mysql.ParseDSN(dsn)
	a, err := sql.Open("mysql", Admin(dsn))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.Exec("CREATE DATABASE IF NOT EXISTS `" + cfg.DBName + "`"); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Admin returns dsn without its database, for creating and dropping one.
func Admin(dsn string) string {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return dsn
	}
	cfg.DBName = ""
	return cfg.FormatDSN()
}

// Proxy is crmsim's TCP fault proxy in front of the test server: it can
// go down (every connection through it is cut, new ones are refused) and
// come back on the same address, MySQL going away as the client sees it,
// and it injects crmsim.TCPFaults (Inject, Stats).
type Proxy struct {
	*crmsim.TCPProxy
	t testing.TB
}

// NewProxy starts a proxy to target (host:port) on a free loopback port;
// it is taken down when the test ends.
func NewProxy(t testing.TB, target string) *Proxy {
	p := &Proxy{TCPProxy: crmsim.NewTCPProxy(target, crmsim.TCPFaults{}), t: t}
	if err := p.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// Up starts accepting connections again, on the same address.
func (p *Proxy) Up() {
	if err := p.TCPProxy.Up(); err != nil {
		p.t.Fatal(err)
	}
}
