package session_test

import (
	"net"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/zcrmrun/zcrmrun/config"
	"github.com/zcrmrun/zcrmrun/crmsim"
	"github.com/zcrmrun/zcrmrun/oauth"
	"github.com/zcrmrun/zcrmrun/session"
	"github.com/zcrmrun/zcrmrun/tokenstore/mysqltest"
)

// A grant code is single-use: with a MySQL store that is down, refuses
// the password, gives no right to write, or has token columns too narrow,
// `auth grant` exchanged the code first and then failed, never saying the
// code was gone (issue 13 point 18). The store is now checked first, the
// error says the code was not used, and the same code then works.
func TestGrantChecksTheMySQLStoreBeforeSpendingTheCode(t *testing.T) {
	srv := startEmulator(t, crmsim.Options{})
	base := mysqltest.DSN(t)
	cfg, err := mysql.ParseDSN(base)
	if err != nil {
		t.Fatal(err)
	}
	db := mysqltest.Open(t, base)
	if _, err := db.Exec("CREATE TABLE narrow(useridentifier varchar(50) NOT NULL, accesstoken varchar(50) NOT NULL, refreshtoken varchar(50) NOT NULL, expirytime bigint NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE wide(useridentifier varchar(255) NOT NULL, accesstoken varchar(255) NOT NULL, refreshtoken varchar(255) NOT NULL, expirytime bigint NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE VIEW readonly AS SELECT * FROM wide UNION ALL SELECT * FROM wide"); err != nil { // not updatable
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := ln.Addr().String()
	ln.Close()
	wrong := cfg.Clone()
	wrong.Passwd = "not-the-password"
	stopped := cfg.Clone()
	stopped.Addr = down
	why := map[string]string{"down": "connection refused", "wrong password": "Access denied", "read-only": "not updatable",
		"varchar(50)": "column accesstoken is varchar(50)"}
	for name, ts := range map[string]config.TokenStore{
		"down":           {Kind: "mysql", DSN: stopped.FormatDSN()},
		"wrong password": {Kind: "mysql", DSN: wrong.FormatDSN()},
		"read-only":      {Kind: "mysql", DSN: base, Table: "readonly"},
		"varchar(50)":    {Kind: "mysql", DSN: base + "?sql_mode=%27%27", Table: "narrow"},
	} {
		t.Run(name, func(t *testing.T) {
			c := newConfig(t, srv, ts)
			code, err := srv.GrantCode(c.OAuth.ClientID, "", "")
			if err != nil {
				t.Fatal(err)
			}
			s := session.New(c, "")
			defer s.Close()
			err = s.Grant(t.Context(), code)
			if err == nil || !strings.Contains(err.Error(), "the grant code was not used") || !strings.Contains(err.Error(), why[name]) ||
				strings.Contains(err.Error(), "not-the-password") {
				t.Fatalf("grant: %v; want it to say the code was not used", err)
			}
			client := &oauth.Client{AccountsURL: srv.URL(), ClientID: c.OAuth.ClientID, ClientSecret: c.OAuth.ClientSecret}
			if _, err := client.ExchangeCode(t.Context(), code); err != nil {
				t.Fatalf("the code after the refused grant: %v", err)
			}
		})
	}
}
