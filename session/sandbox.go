package session

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

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

	cfg   *config.Config
	store *tokenstore.File
	dir   string
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
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	srv := crmsim.New(crmsim.Options{})
	srv.Seed(crmsim.DefaultSeed)
	if err := srv.Start(addr); err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	sb := &Sandbox{Server: srv, UserID: SandboxUser}
	if err := sb.authorise(ctx); err != nil {
		sb.Close()
		return nil, err
	}
	return sb, nil
}

func (sb *Sandbox) authorise(ctx context.Context) error {
	console := crmsim.Console{URL: sb.Server.URL()}
	var err error
	if sb.ClientID, sb.ClientSecret, err = console.SelfClient(ctx); err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	if sb.dir, err = os.MkdirTemp("", "zcrmrun-sandbox-*"); err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	sb.store = tokenstore.NewFile(filepath.Join(sb.dir, "tokens.json"))
	sb.cfg = config.Empty()
	sb.cfg.OAuth = config.OAuth{ClientID: sb.ClientID, ClientSecret: sb.ClientSecret, AccountsURL: sb.Server.URL()}
	sb.cfg.API.User = sb.UserID
	// Store user id -> CRM user (empty: the org's first user, an admin).
	for _, u := range [][2]string{{SandboxUser, ""}, {SandboxSecondUser, SandboxSecondUser}} {
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
