package session

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/zcrmrun/zcrmrun/config"
	"github.com/zcrmrun/zcrmrun/crmsim"
	"github.com/zcrmrun/zcrmrun/tokenstore"
)

// Sandbox is a seeded crmsim emulator on loopback with a registered
// self-client and two demo users already authorised (SandboxUsers).
type Sandbox struct {
	Server       *crmsim.Server
	ClientID     string
	ClientSecret string
	RefreshToken string // a ready refresh token for the demo user
	UserID       string
	Users        []string // every authorised user identifier, UserID first

	cfg     *config.Config
	store   *tokenstore.File
	timeout time.Duration // SandboxOptions.RequestTimeout
	dir     string

	edition string // the emulated org's, so sessions use its lanes
	admin   string // SandboxOptions.AdminSecret
}

// SandboxUser is the user identifier sandbox sessions act as.
const SandboxUser = "sandbox"

// SandboxSecondUser is a second authorised sandbox user, the CRM user of
// that email, so scripts can rehearse acting for several users (crm.as).
const SandboxSecondUser = "ravi@zylker.example"

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
	// Edition is the emulated org's Zoho edition (free, standard,
	// professional, enterprise, ultimate), which sets its concurrency and
	// daily API credits; empty means enterprise. Sessions of the sandbox
	// use every lane it allows.
	Edition string
	// Faults are injected into CRM and token calls once the sandbox's own
	// set-up (the grant exchange) is done; zero means none.
	Faults crmsim.Faults
	// RequestTimeout is [api] timeout for the sandbox's sessions; 0 means
	// crm.DefaultTimeout. With a hang fault it is how long a call hangs.
	RequestTimeout time.Duration
	// Seed is what a fresh sandbox is seeded with; nil means
	// crmsim.DefaultSeed.
	Seed *crmsim.SeedCounts
	// Latency is added to every CRM call, as a distant data centre would.
	Latency time.Duration
	// Logger receives the emulator's server-side complaints (failed TLS
	// handshakes) at debug level; nil discards them.
	Logger *slog.Logger
	// AdminSecret guards the emulator's control endpoints (see
	// crmsim.Options.AdminSecret); set it when Addr is not loopback.
	AdminSecret string
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
	if o.Edition != "" && !crmsim.IsEdition(o.Edition) {
		return nil, fmt.Errorf("sandbox: unknown edition %q: use free, standard, professional, enterprise or ultimate", o.Edition)
	}
	srv := crmsim.New(crmsim.Options{Limits: crmsim.Limits{Edition: o.Edition, Latency: o.Latency}, Logger: o.Logger, AdminSecret: o.AdminSecret})
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
		seed := crmsim.DefaultSeed
		if o.Seed != nil {
			seed = *o.Seed
		}
		srv.Seed(seed)
	}
	sb := &Sandbox{Server: srv, UserID: SandboxUser, edition: o.Edition, timeout: o.RequestTimeout, admin: o.AdminSecret}
	if sb.edition == "" {
		sb.edition = "enterprise" // crmsim's default org
	}
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
	if !restored || !sb.resume(ctx) {
		if err := sb.authorise(ctx); err != nil {
			sb.Close()
			return nil, err
		}
	}
	if o.StateFile != "" {
		if err := sb.remember(ctx); err != nil {
			sb.Close()
			return nil, fmt.Errorf("sandbox: %w", err)
		}
		if err := srv.SaveState(o.StateFile); err != nil {
			sb.Close()
			return nil, fmt.Errorf("sandbox: %w", err)
		}
		srv.Persist(o.StateFile, time.Second)
	}
	srv.InjectFaults(o.Faults)
	return sb, nil
}

// sandboxUsers maps each sandbox user id to the CRM user it acts as
// (empty: the org's first user, an admin).
var sandboxUsers = [][2]string{{SandboxUser, ""}, {SandboxSecondUser, SandboxSecondUser}}

// resume takes up the client and the users' refresh tokens a saved sandbox
// handed out. It reports false when the state has none that still work.
func (sb *Sandbox) resume(ctx context.Context) bool {
	id := sb.Server.Meta(metaClientID)
	secret, ok := sb.Server.ClientSecret(id)
	if !ok {
		return false
	}
	sb.ClientID, sb.ClientSecret = id, secret
	sb.configure()
	for _, u := range sandboxUsers {
		rt := sb.Server.Meta(metaRefreshToken + ":" + u[0])
		if !sb.Server.HasRefreshToken(id, rt) || sb.Session(u[0]).Import(ctx, rt) != nil {
			sb.Users = nil
			return false
		}
		sb.Users = append(sb.Users, u[0])
	}
	sb.RefreshToken = sb.Server.Meta(metaRefreshToken + ":" + SandboxUser)
	return true
}

// remember notes the client and every user's refresh token in the
// emulator's state, for resume.
func (sb *Sandbox) remember(ctx context.Context) error {
	sb.Server.SetMeta(metaClientID, sb.ClientID)
	for _, u := range sb.Users {
		t, err := sb.store.Load(ctx, u)
		if err != nil {
			return err
		}
		sb.Server.SetMeta(metaRefreshToken+":"+u, t.RefreshToken)
	}
	return nil
}

// configure points the sandbox's config and token store at the emulator.
func (sb *Sandbox) configure() {
	sb.store = tokenstore.NewFile(filepath.Join(sb.dir, "tokens.json"))
	sb.cfg = config.Empty()
	sb.cfg.OAuth = config.OAuth{ClientID: sb.ClientID, ClientSecret: sb.ClientSecret, AccountsURL: sb.Server.URL()}
	sb.cfg.API.User = sb.UserID
	sb.cfg.API.CAFile = sb.Server.CACertFile() // "" over plain HTTP
	if sb.timeout > 0 {
		sb.cfg.API.Timeout = sb.timeout.String()
	}
	sb.cfg.API.Edition = sb.edition
}

func (sb *Sandbox) authorise(ctx context.Context) error {
	var tc *tls.Config
	if ca := sb.Server.CACertFile(); ca != "" {
		var err error
		if tc, err = trustCA(ca); err != nil {
			return fmt.Errorf("sandbox: %w", err)
		}
	}
	hc := newHTTPClient(nil, tc)
	console := crmsim.Console{URL: sb.Server.URL(), HTTP: hc, AdminSecret: sb.admin}
	var err error
	if sb.ClientID, sb.ClientSecret, err = console.SelfClient(ctx); err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	sb.configure()
	for _, u := range sandboxUsers {
		code, err := console.GrantCode(ctx, sb.ClientID, u[1])
		if err != nil {
			return fmt.Errorf("sandbox: %w", err)
		}
		if err := sb.Session(u[0]).Grant(ctx, code); err != nil {
			return fmt.Errorf("sandbox: %w", err)
		}
		sb.Users = append(sb.Users, u[0])
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
func (sb *Sandbox) Session(user string, opts ...Option) *Session {
	s := New(sb.cfg, user, opts...)
	s.store = sb.store
	// The sandbox never reads a token store of the user's, so auth grant
	// is no help: name the users it has authorised.
	quoted := make([]string, len(sb.Users))
	for i, u := range sb.Users {
		quoted[i] = strconv.Quote(u)
	}
	s.family.missing = "the sandbox has tokens only for " + strings.Join(quoted, " and ") + ": act as one of them (--user, crm.as)"
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
