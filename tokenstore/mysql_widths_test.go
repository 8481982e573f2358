package tokenstore_test

import (
	"context"
	"strings"
	"testing"

	"github.com/zcrmrun/zcrmrun/tokenstore"
	"github.com/zcrmrun/zcrmrun/tokenstore/mysqltest"
)

// zohoToken has the shape and length of Zoho's tokens, 1000.<32 hex>.<32
// hex> (docs/zoho-api.md).
func zohoToken(c byte) string {
	return "1000." + strings.Repeat(string(c), 32) + "." + strings.Repeat("f", 32)
}

func rows(t *testing.T, dsn string) int {
	t.Helper()
	var n int
	if err := rawDB(t, dsn).QueryRow("SELECT COUNT(*) FROM oauthtokens").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A seed-shaped table with varchar(50) token columns cut the refresh token
// to 50 characters under sql_mode=” while saying it stored it, and failed
// "Data too long" under strict mode (issue 13 point 18). The store now
// refuses such a table, naming the column and the width Zoho's tokens need,
// before it writes anything.
func TestMySQLRefusesColumnsTooNarrowForZohoTokens(t *testing.T) {
	ctx := context.Background()
	for mode, param := range map[string]string{"sql_mode=''": "?sql_mode=%27%27", "strict": "?sql_mode=%27STRICT_ALL_TABLES%27"} {
		t.Run(mode, func(t *testing.T) {
			dsn := mysqltest.DSN(t)
			if _, err := rawDB(t, dsn).Exec("CREATE TABLE oauthtokens(useridentifier varchar(50) NOT NULL, accesstoken varchar(50) NOT NULL, refreshtoken varchar(50) NOT NULL, expirytime bigint NOT NULL)"); err != nil {
				t.Fatal(err)
			}
			s := newMySQL(t, dsn+param, "")
			tok := tokenstore.Token{UserID: "u", AccessToken: zohoToken('a'), RefreshToken: zohoToken('b')}
			for op, err := range map[string]error{"Save": s.Save(ctx, tok), "CheckWrite": s.CheckWrite(ctx, "u")} {
				if err == nil || !strings.Contains(err.Error(), "column accesstoken is varchar(50)") || !strings.Contains(err.Error(), "70 characters") ||
					!strings.Contains(err.Error(), "MODIFY accesstoken VARCHAR(255)") {
					t.Errorf("%s on varchar(50): %v; want the column and the width needed", op, err)
				}
			}
			if n := rows(t, dsn); n != 0 {
				t.Errorf("%d rows written", n)
			}
		})
	}
}

// What the table does not keep as written is refused, not stored: a user
// id cut by a narrow column, a token longer than Zoho's cut under
// sql_mode=”.
func TestMySQLReadsBackWhatItWrote(t *testing.T) {
	ctx := context.Background()
	dsn := mysqltest.DSN(t)
	if _, err := rawDB(t, dsn).Exec("CREATE TABLE oauthtokens(useridentifier varchar(8) NOT NULL, accesstoken varchar(80) NOT NULL, refreshtoken varchar(80) NOT NULL, expirytime bigint NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	s := newMySQL(t, dsn+"?sql_mode=%27%27", "")
	err := s.Save(ctx, tokenstore.Token{UserID: "ravi@zylker.example", AccessToken: zohoToken('a'), RefreshToken: zohoToken('b')})
	if err == nil || !strings.Contains(err.Error(), "column useridentifier did not keep the user id") {
		t.Errorf("user id longer than its column: %v", err)
	}
	if err := s.CheckWrite(ctx, "ravi@zylker.example"); err == nil || !strings.Contains(err.Error(), "did not keep the user id") {
		t.Errorf("CheckWrite of that user: %v", err)
	}
	long := zohoToken('b') + strings.Repeat("9", 30)
	err = s.Save(ctx, tokenstore.Token{UserID: "ravi", AccessToken: zohoToken('a'), RefreshToken: long})
	if err == nil || !strings.Contains(err.Error(), "column refreshtoken kept 80 of the 100 characters written") {
		t.Errorf("100-character refresh token in varchar(80): %v", err)
	}
	if n := rows(t, dsn); n != 0 {
		t.Errorf("%d rows written", n)
	}
	if err := s.Save(ctx, tokenstore.Token{UserID: "ravi", AccessToken: zohoToken('a'), RefreshToken: zohoToken('b')}); err != nil {
		t.Errorf("tokens that fit: %v", err)
	}
}

// CheckWrite finds a store that cannot be written, writing nothing: a
// table that is a view (read-only), a user with no rights on the
// database, a wrong password, a server that is down.
func TestMySQLCheckWriteFindsAStoreThatCannotBeWritten(t *testing.T) {
	ctx := context.Background()
	dsn := mysqltest.DSN(t)
	db := rawDB(t, dsn)
	for _, q := range []string{
		"CREATE TABLE base(useridentifier varchar(255) NOT NULL, accesstoken varchar(255) NOT NULL, refreshtoken varchar(255) NOT NULL, expirytime bigint NOT NULL)",
		"CREATE VIEW oauthtokens AS SELECT * FROM base UNION ALL SELECT * FROM base", // not updatable
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := newMySQL(t, dsn, "").CheckWrite(ctx, "u"); err == nil || !strings.Contains(err.Error(), "The target table oauthtokens of the DELETE is not updatable") {
		t.Errorf("read-only view: %v", err)
	}
	user := "zt_norights_" + strings.ToLower(zohoToken('c')[5:13])
	if _, err := db.Exec("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'pw'"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Exec("DROP USER '" + user + "'@'%'") })
	host := dsn[strings.Index(dsn, "@"):]
	if err := newMySQL(t, user+":pw"+host, "").CheckWrite(ctx, "u"); err == nil || !strings.Contains(err.Error(), "denied") {
		t.Errorf("user without rights: %v", err)
	}
	if err := newMySQL(t, user+":wrong"+host, "").CheckWrite(ctx, "u"); err == nil || !strings.Contains(err.Error(), "Access denied") || strings.Contains(err.Error(), "wrong") {
		t.Errorf("wrong password: %v", err)
	}
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM base").Scan(&n); err != nil || n != 0 {
		t.Errorf("%d rows written (%v)", n, err)
	}
}

// A seed table in latin1 and a user id with characters latin1 has not gave
// a raw "Illegal mix of collations" (issue 13 point 24); the error now says
// what is wrong and how to convert the table. A user id latin1 can hold
// (é is 0xE9 in it) works as before.
func TestMySQLLatin1TableNamesTheCharacterSet(t *testing.T) {
	ctx := context.Background()
	dsn := mysqltest.DSN(t)
	if _, err := rawDB(t, dsn).Exec("CREATE TABLE oauthtokens(useridentifier varchar(100) NOT NULL, accesstoken varchar(100) NOT NULL, refreshtoken varchar(100) NOT NULL, expirytime bigint NOT NULL) DEFAULT CHARSET=latin1"); err != nil {
		t.Fatal(err)
	}
	s := newMySQL(t, dsn, "")
	const user = "ōkubo@example.jp" // ō, U+014D, is not in latin1
	_, loadErr := s.Load(ctx, user)
	for op, err := range map[string]error{
		"Load": loadErr, "Save": s.Save(ctx, tokenstore.Token{UserID: user, AccessToken: zohoToken('a'), RefreshToken: zohoToken('b')}),
		"CheckWrite": s.CheckWrite(ctx, user), "Delete": s.Delete(ctx, user),
	} {
		if err == nil || !strings.Contains(err.Error(), "the user id has characters that column useridentifier (character set latin1) cannot hold") ||
			!strings.Contains(err.Error(), "CONVERT TO CHARACTER SET utf8mb4") || !strings.Contains(err.Error(), user) {
			t.Errorf("%s: %v", op, err)
		}
	}
	if err := s.Save(ctx, tokenstore.Token{UserID: "josé@example.es", AccessToken: zohoToken('a'), RefreshToken: zohoToken('b')}); err != nil {
		t.Errorf("a latin1 user id: %v", err)
	}
	if got, err := s.Load(ctx, "josé@example.es"); err != nil || got.RefreshToken != zohoToken('b') {
		t.Errorf("Load of a latin1 user id: %v, %v", got, err)
	}
}
