package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/zcrmrun/zcrmrun/tokenstore"
	"github.com/zcrmrun/zcrmrun/tokenstore/mysqltest"
)

// `zcrmrun sandbox --faults mysql=HOST:PORT,...` puts a fault proxy in
// front of a real MariaDB and prints its address as mysql_proxy; a token
// store pointed at it sees the faults asked for, and nothing else.
func TestSandboxServesAMySQLFaultProxy(t *testing.T) {
	cfg, err := mysql.ParseDSN(mysqltest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	through := func(spec string) (*tokenstore.MySQL, string) {
		info, _ := runSandbox(t, "--faults", spec)
		var line map[string]string
		if err := json.Unmarshal([]byte(info.line), &line); err != nil || line["mysql_proxy"] == "" {
			t.Fatalf("--json line %s has no mysql_proxy (%v)", info.line, err)
		}
		dsn := cfg.Clone()
		dsn.Addr = line["mysql_proxy"]
		s, err := tokenstore.NewMySQL(dsn.FormatDSN(), "")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s, line["mysql_proxy"]
	}

	healthy, _ := through("mysql=" + cfg.Addr)
	tok := tokenstore.Token{UserID: "u", AccessToken: "1000.a", RefreshToken: "1000.r", Expiry: time.UnixMilli(1795888039040)}
	if err := healthy.Save(t.Context(), tok); err != nil {
		t.Fatalf("through a proxy without faults: %v", err)
	}
	if got, err := healthy.Load(t.Context(), "u"); err != nil || got != tok {
		t.Fatalf("through a proxy without faults: %v, %v", got, err)
	}

	refusing, addr := through("mysql=" + cfg.Addr + ",mysql-refuse-every=1,seed=7")
	_, err = refusing.Load(t.Context(), "u")
	if err == nil || !strings.Contains(err.Error(), addr) || strings.Contains(err.Error(), cfg.Passwd) {
		t.Fatalf("through a proxy refusing every connection: %v; want an error naming %s, no password", err, addr)
	}
}
