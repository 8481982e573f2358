package session_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zcrmrun/zcrmrun/config"
	"github.com/zcrmrun/zcrmrun/crmsim"
	"github.com/zcrmrun/zcrmrun/session"
	"github.com/zcrmrun/zcrmrun/tokenstore"
	"github.com/zcrmrun/zcrmrun/tokenstore/mysqltest"
)

func startEmulator(t *testing.T, opts crmsim.Options) *crmsim.Server {
	t.Helper()
	srv := crmsim.New(opts)
	srv.Seed(crmsim.DefaultSeed)
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// storeConfig returns a [tokenstore] section of the given kind with a
// location of the test's own.
func storeConfig(t *testing.T, kind string) config.TokenStore {
	t.Helper()
	switch kind {
	case "file":
		return config.TokenStore{Kind: "file", Path: filepath.Join(t.TempDir(), "tokens", "tokens.json")}
	case "memory":
		return config.TokenStore{Kind: "memory"}
	case "lua":
		return config.TokenStore{Kind: "lua", Module: filepath.Join("..", "luastore", "testdata", "savenames.lua")}
	case "mysql":
		return config.TokenStore{Kind: "mysql", DSN: mysqltest.DSN(t), Table: "oauthtokens"}
	}
	t.Fatalf("unknown store kind %s", kind)
	return config.TokenStore{}
}

func newConfig(t *testing.T, srv *crmsim.Server, ts config.TokenStore) *config.Config {
	t.Helper()
	id, secret := srv.RegisterClient()
	cfg := config.Empty()
	cfg.OAuth = config.OAuth{ClientID: id, ClientSecret: secret, AccountsURL: srv.URL()}
	cfg.API.User = "tester@example.com"
	cfg.TokenStore = ts
	return cfg
}

func grant(t *testing.T, srv *crmsim.Server, cfg *config.Config, sess *session.Session) {
	t.Helper()
	code, err := srv.GrantCode(cfg.OAuth.ClientID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.Grant(context.Background(), code); err != nil {
		t.Fatal(err)
	}
}

var storeKinds = []string{"file", "memory", "mysql", "lua"}

// Fifty goroutines hit the API through a token that is dead at the
// emulator and in the store: exactly one refresh happens, all share it;
// then a refresh Zoho refuses leaves the stored refresh token in place.
func TestFiftyGoroutinesRefreshOncePerStoreKind(t *testing.T) {
	for _, kind := range storeKinds {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			clk := crmsim.NewClock(time.Now())
			srv := startEmulator(t, crmsim.Options{Now: clk.Now})
			cfg := newConfig(t, srv, storeConfig(t, kind))
			sess := session.New(cfg, "")
			src, err := sess.TokenSource()
			if err != nil {
				t.Fatal(err)
			}
			src.Now = clk.Now
			grant(t, srv, cfg, sess)
			first, err := src.Store.Load(ctx, cfg.API.User)
			if err != nil {
				t.Fatal(err)
			}
			clk.Advance(61 * time.Minute) // past the emulator's one-hour lifetime

			before := srv.Stats().AccessTokensMinted
			var wg sync.WaitGroup
			tokens := make([]string, 50)
			errs := make([]error, 50)
			for i := range 50 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if _, err := sess.CRM().Modules(ctx); err != nil {
						errs[i] = err
						return
					}
					tok, err := src.Token(ctx)
					tokens[i], errs[i] = tok.AccessToken, err
				}()
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			if minted := srv.Stats().AccessTokensMinted - before; minted != 1 {
				t.Fatalf("50 goroutines minted %d access tokens, want exactly 1", minted)
			}
			for _, tok := range tokens {
				if tok != tokens[0] || tok == first.AccessToken {
					t.Fatal("goroutines did not all share the one refreshed token")
				}
			}

			// Zoho refuses the next refresh (invalid_code): nothing is lost.
			stored, err := src.Store.Load(ctx, cfg.API.User)
			if err != nil {
				t.Fatal(err)
			}
			if err := src.Client.Revoke(ctx, stored.RefreshToken); err != nil {
				t.Fatal(err)
			}
			clk.Advance(61 * time.Minute)
			if _, err := src.Token(ctx); err == nil || !strings.Contains(err.Error(), "invalid_code") {
				t.Fatalf("refresh with a revoked token: %v, want invalid_code", err)
			}
			after, err := src.Store.Load(ctx, cfg.API.User)
			if err != nil {
				t.Fatal(err)
			}
			if after.RefreshToken != stored.RefreshToken || after.AccessToken != stored.AccessToken {
				t.Fatal("a failed refresh changed the stored tokens")
			}
		})
	}
}

const childEnv = "ZCRMRUN_TEST_REFRESH_CHILD"

// Eight OS processes share one store and call the API at once through an
// expired token: the emulator mints exactly one access token.
func TestEightProcessesRefreshOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 8 processes")
	}
	for _, kind := range []string{"file", "mysql"} {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			srv := startEmulator(t, crmsim.Options{})
			cfg := newConfig(t, srv, storeConfig(t, kind))
			sess := session.New(cfg, "")
			grant(t, srv, cfg, sess)
			src, err := sess.TokenSource()
			if err != nil {
				t.Fatal(err)
			}
			tok, err := src.Store.Load(ctx, cfg.API.User)
			if err != nil {
				t.Fatal(err)
			}
			tok.Expiry = time.Now().Add(-time.Minute)
			if err := src.Store.Save(ctx, tok); err != nil {
				t.Fatal(err)
			}
			spec, _ := json.Marshal(childSpec{OAuth: cfg.OAuth, User: cfg.API.User, Store: cfg.TokenStore})

			before := srv.Stats().AccessTokensMinted
			type child struct {
				cmd   *exec.Cmd
				start io.WriteCloser
				out   strings.Builder
			}
			children := make([]*child, 8)
			for i := range children {
				c := &child{cmd: exec.Command(os.Args[0], "-test.run=^TestRefreshChildProcess$", "-test.count=1")}
				c.cmd.Env = append(os.Environ(), childEnv+"="+string(spec))
				c.cmd.Stdout, c.cmd.Stderr = &c.out, &c.out
				if c.start, err = c.cmd.StdinPipe(); err != nil {
					t.Fatal(err)
				}
				if err := c.cmd.Start(); err != nil {
					t.Fatal(err)
				}
				children[i] = c
			}
			for _, c := range children { // all started: let them go at once
				c.start.Close()
			}
			var seen string
			for i, c := range children {
				if err := c.cmd.Wait(); err != nil {
					t.Fatalf("child %d: %v\n%s", i, err, c.out.String())
				}
				m := regexp.MustCompile(`token-sha256 ([0-9a-f]+)`).FindStringSubmatch(c.out.String())
				if m == nil {
					t.Fatalf("child %d printed no token digest:\n%s", i, c.out.String())
				}
				if seen != "" && m[1] != seen {
					t.Fatalf("child %d uses a different access token than child 0", i)
				}
				seen = m[1]
			}
			if minted := srv.Stats().AccessTokensMinted - before; minted != 1 {
				t.Fatalf("8 processes minted %d access tokens, want exactly 1", minted)
			}
		})
	}
}

type childSpec struct {
	OAuth config.OAuth
	User  string
	Store config.TokenStore
}

// TestRefreshChildProcess is one of the processes of
// TestEightProcessesRefreshOnce; run alone it skips.
func TestRefreshChildProcess(t *testing.T) {
	raw := os.Getenv(childEnv)
	if raw == "" {
		t.Skip("runs only as a child process of TestEightProcessesRefreshOnce")
	}
	var spec childSpec
	if err := json.Unmarshal([]byte(raw), &spec); err != nil {
		t.Fatal(err)
	}
	io.ReadAll(os.Stdin) // wait for the parent's go
	cfg := config.Empty()
	cfg.OAuth, cfg.API.User, cfg.TokenStore = spec.OAuth, spec.User, spec.Store
	sess := session.New(cfg, "")
	ctx := context.Background()
	if _, err := sess.CRM().Modules(ctx); err != nil {
		t.Fatal(err)
	}
	src, err := sess.TokenSource()
	if err != nil {
		t.Fatal(err)
	}
	tok, err := src.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("token-sha256 %x\n", sha256.Sum256([]byte(tok.AccessToken)))
}

func TestOpenStoreKinds(t *testing.T) {
	cfg := config.Empty()
	cfg.TokenStore = config.TokenStore{Kind: "lua"}
	if _, err := session.OpenStore(cfg); err == nil || !strings.Contains(err.Error(), "tokenstore.module") {
		t.Fatalf("lua without module: %v", err)
	}
	cfg.TokenStore.Module = filepath.Join(t.TempDir(), "absent.lua")
	if _, err := session.OpenStore(cfg); err == nil || !strings.Contains(err.Error(), "absent.lua") {
		t.Fatalf("lua with a missing module: %v", err)
	}
	cfg.TokenStore = config.TokenStore{Kind: "mysql", DSN: "u:topsecret@tcp(127.0.0.1:1"}
	if _, err := session.OpenStore(cfg); err == nil || !strings.Contains(err.Error(), "tokenstore.dsn") || strings.Contains(err.Error(), "topsecret") {
		t.Fatalf("mysql with a bad DSN: %v", err)
	}
	cfg.TokenStore = config.TokenStore{Kind: "mysql"}
	s, err := session.OpenStore(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if m, ok := s.(*tokenstore.MySQL); !ok || !strings.HasPrefix(m.Where(), "localhost:3306 (zohooauth.oauthtokens)") {
		t.Fatalf("mysql defaults: %T %v", s, s)
	}
}

// Close releases the family's store (a Lua state, a connection pool), so a
// watch that reloads its config does not pile them up; the sessions of
// the family refuse to reopen it afterwards.
func TestCloseReleasesTheStore(t *testing.T) {
	for _, kind := range []string{"lua", "mysql"} {
		t.Run(kind, func(t *testing.T) {
			srv := startEmulator(t, crmsim.Options{})
			cfg := newConfig(t, srv, storeConfig(t, kind))
			sess := session.New(cfg, "")
			grant(t, srv, cfg, sess)
			other := sess.As("someone-else")
			st, err := sess.Store()
			if err != nil {
				t.Fatal(err)
			}
			if err := sess.Close(); err != nil {
				t.Fatal(err)
			}
			if _, err := st.Load(context.Background(), cfg.API.User); err == nil {
				t.Error("the store still answers after Close: it was not released")
			}
			for _, s := range []*session.Session{sess, other} {
				if _, err := s.Store(); err == nil || !strings.Contains(err.Error(), "session was closed") {
					t.Errorf("store after Close: %v", err)
				}
			}
			if err := sess.Close(); err != nil {
				t.Errorf("a second Close: %v", err)
			}
		})
	}
}
