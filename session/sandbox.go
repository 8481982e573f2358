package session

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/zcrmrun/zcrmrun/config"
	"github.com/zcrmrun/zcrmrun/crmsim"
	"github.com/zcrmrun/zcrmrun/tokenstore"
)

// Sandbox is a seeded crmsim emulator on loopback with a registered
// self-client and a demo user already authorised.
type Sandbox struct {
	Server       *crmsim.Server
	ClientID     string
	ClientSecret string
	RefreshToken string // a ready refresh token for the demo user
	UserID       string

	cfg   *config.Config
	store *tokenstore.File
	dir   string
	http  *http.Client // trusts the sandbox's CA; nil over plain HTTP
}

// SandboxUser is the user identifier sandbox sessions act as.
const SandboxUser = "sandbox"

// StartSandbox starts a seeded emulator on addr (empty means 127.0.0.1 with
// a free port), registers a self-client, and performs the real grant-code
// exchange over HTTP into a token file of its own.
func StartSandbox(ctx context.Context, addr string) (*Sandbox, error) {
	return StartSandboxWith(ctx, SandboxOptions{Addr: addr})
}

// SandboxOptions choose how StartSandboxWith runs the emulator.
type SandboxOptions struct {
	Addr string // host:port; empty means 127.0.0.1 with a free port
	// TLS serves HTTPS with a certificate from a generated loopback CA
	// whose PEM file is Server.CACertFile().
	TLS bool
	// StateFile, when set, is loaded instead of seeding if it exists, and
	// is kept up to date while the sandbox runs. The sandbox then hands out
	// the same client and refresh token on every start.
	StateFile string
}

// Meta keys under which a sandbox remembers its identity in the state.
const (
	metaClientID     = "sandbox.client_id"
	metaRefreshToken = "sandbox.refresh_token"
)

// StartSandboxWith is StartSandbox with TLS and persistence choices.
func StartSandboxWith(ctx context.Context, o SandboxOptions) (*Sandbox, error) {
	if o.Addr == "" {
		o.Addr = "127.0.0.1:0"
	}
	srv := crmsim.New(crmsim.Options{})
	restored := false
	if o.StateFile != "" {
		switch err := srv.LoadState(o.StateFile); {
		case err == nil:
			restored = true
		case !errors.Is(err, os.ErrNotExist):
			return nil, fmt.Errorf("sandbox: %w", err)
		}
	}
	if !restored {
		srv.Seed(crmsim.DefaultSeed)
	}
	sb := &Sandbox{Server: srv, UserID: SandboxUser}
	var err error
	if sb.dir, err = os.MkdirTemp("", "zcrmrun-sandbox-*"); err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	if o.TLS {
		certDir := filepath.Join(sb.dir, "tls")
		if o.StateFile != "" {
			// Beside the state, so clients keep trusting one CA across restarts.
			certDir = strings.TrimSuffix(o.StateFile, filepath.Ext(o.StateFile)) + "-tls"
		}
		err = srv.StartTLS(o.Addr, certDir)
	} else {
		err = srv.Start(o.Addr)
	}
	if err != nil {
		os.RemoveAll(sb.dir)
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	if o.TLS {
		if sb.http, err = trustingClient(srv.CACertFile()); err != nil {
			sb.Close()
			return nil, fmt.Errorf("sandbox: %w", err)
		}
	}
	if !restored || !sb.resume(ctx) {
		if err := sb.authorise(ctx); err != nil {
			sb.Close()
			return nil, err
		}
	}
	if o.StateFile != "" {
		srv.SetMeta(metaClientID, sb.ClientID)
		srv.SetMeta(metaRefreshToken, sb.RefreshToken)
		if err := srv.SaveState(o.StateFile); err != nil {
			sb.Close()
			return nil, fmt.Errorf("sandbox: %w", err)
		}
		srv.Persist(o.StateFile, time.Second)
	}
	return sb, nil
}

// resume takes up the client and refresh token a saved sandbox handed
// out. It reports false when the state has none that still work.
func (sb *Sandbox) resume(ctx context.Context) bool {
	id, rt := sb.Server.Meta(metaClientID), sb.Server.Meta(metaRefreshToken)
	secret, ok := sb.Server.ClientSecret(id)
	if !ok || !sb.Server.HasRefreshToken(id, rt) {
		return false
	}
	sb.ClientID, sb.ClientSecret, sb.RefreshToken = id, secret, rt
	sb.configure()
	return sb.Session("").Import(ctx, rt) == nil
}

// configure points the sandbox's config and token store at the emulator.
func (sb *Sandbox) configure() {
	sb.store = tokenstore.NewFile(filepath.Join(sb.dir, "tokens.json"))
	sb.cfg = config.Empty()
	sb.cfg.OAuth = config.OAuth{ClientID: sb.ClientID, ClientSecret: sb.ClientSecret, AccountsURL: sb.Server.URL()}
	sb.cfg.API.User = sb.UserID
}

// trustingClient is an HTTP client that trusts the CA in caFile.
func trustingClient(caFile string) (*http.Client, error) {
	pemBytes, err := os.ReadFile(caFile)
	if err != nil {
		return nil, err
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pemBytes) {
		return nil, fmt.Errorf("%s holds no certificate", caFile)
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.TLSClientConfig = &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
	t.MaxIdleConnsPerHost = 32
	return &http.Client{Transport: t}, nil
}

func (sb *Sandbox) authorise(ctx context.Context) error {
	console := crmsim.Console{URL: sb.Server.URL(), HTTP: sb.http}
	var err error
	if sb.ClientID, sb.ClientSecret, err = console.SelfClient(ctx); err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	sb.configure()
	code, err := console.GrantCode(ctx, sb.ClientID, "")
	if err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	if err := sb.Session("").Grant(ctx, code); err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	t, err := sb.store.Load(ctx, sb.UserID)
	if err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	sb.RefreshToken = t.RefreshToken
	return nil
}

// Session returns a session against the sandbox for user (empty means the
// authorised demo user) sharing the sandbox's token store.
func (sb *Sandbox) Session(user string) *Session {
	s := New(sb.cfg, user)
	s.store = sb.store
	if sb.http != nil {
		s.http.Transport = sb.http.Transport // trusts the sandbox's CA
	}
	return s
}

// Close stops the emulator and deletes the sandbox's tokens.
func (sb *Sandbox) Close() error {
	err := sb.Server.Close()
	if sb.dir != "" {
		os.RemoveAll(sb.dir)
	}
	return err
}
