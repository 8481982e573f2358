package session

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"

	"github.com/zcrmrun/zcrmrun/config"
	"github.com/zcrmrun/zcrmrun/crm"
	"github.com/zcrmrun/zcrmrun/luastore"
	"github.com/zcrmrun/zcrmrun/oauth"
	"github.com/zcrmrun/zcrmrun/tokenstore"
)

// Session is one user's connection to a CRM.
type Session struct {
	cfg    *config.Config
	userID string
	http   *http.Client
	store  tokenstore.Store // preset by the sandbox; else built from config
	family *family          // what the sessions of other users (As) share
	opts   []Option
	logger *slog.Logger
	// fallbackAPI is the named data centre's API domain, for tokens whose
	// reply carried no api_domain.
	fallbackAPI string
	accounts    string // the Zoho Accounts server, once buildSource ran

	once   sync.Once
	source *oauth.TokenSource
	err    error

	crm *crm.Client

	meter  *crm.Meter  // shared by the family's clients; nil: each its own
	dryRun *crm.DryRun // nil: writes are sent

	caFile string // WithCAFile
	tlsErr error  // a bad CA file, reported by the first call
}

// New returns a lazy session for user (empty means [api] user, else the
// seed's default user).
func New(cfg *config.Config, user string, opts ...Option) *Session {
	return newSession(cfg, user, &family{users: map[string]*Session{}}, nil, opts)
}

func newSession(cfg *config.Config, user string, fam *family, hc *http.Client, options []Option) *Session {
	if user == "" {
		user = cfg.API.User
	}
	defaulted := user == ""
	if defaulted {
		user = config.DefaultUser
	}
	s := &Session{cfg: cfg, userID: user, family: fam, opts: options}
	for _, o := range options {
		o(s)
	}
	if defaulted && s.logger != nil {
		s.logger.Info("acting as the seed SDK's default user: no --user, and [api] user is unset", "user", user)
	}
	s.http = hc
	if s.http == nil {
		var tc *tls.Config
		tc, s.tlsErr = s.tlsConfig()
		s.http = newHTTPClient(s.logger, tc)
	}
	fam.users[user] = s
	var opts []crm.Option
	opts = append(opts, crm.WithHTTPClient(s.http))
	if cfg.API.URL != "" {
		opts = append(opts, crm.WithAPIDomain(cfg.API.URL))
	}
	if n := cfg.API.Calls(); n > 0 {
		// Every lane the org is allowed, for all calls and for one batch.
		opts = append(opts, crm.WithConcurrency(n, crm.DefaultHeavyConcurrency), crm.WithBatchConcurrency(n))
	}
	if s.meter != nil {
		opts = append(opts, crm.WithMeter(s.meter))
	}
	if s.dryRun != nil {
		opts = append(opts, crm.WithDryRun(s.dryRun))
	}
	if d := cfg.API.RequestTimeout(); d > 0 {
		opts = append(opts, crm.WithTimeout(d))
	}
	s.crm = crm.NewClient(credentials{s}, opts...)
	return s
}

func newHTTPClient(logger *slog.Logger, tc *tls.Config) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.TLSClientConfig = tc
	// Keep a connection per lane: Zoho's largest edition allows 25 calls
	// in flight, and a closed idle connection costs a handshake per call.
	t.MaxIdleConnsPerHost = 32
	var rt http.RoundTripper = caHintTransport{t}
	if logger != nil {
		rt = loggingTransport{next: rt, log: logger}
	}
	return &http.Client{Transport: rt}
}

// UserID is the user the session acts for.
func (s *Session) UserID() string { return s.userID }

// CRM is the session's API client.
func (s *Session) CRM() *crm.Client { return s.crm }

// TokenSource builds the OAuth side on first use, checking the config keys
// it needs.
func (s *Session) TokenSource() (*oauth.TokenSource, error) {
	s.once.Do(func() { s.source, s.err = s.buildSource() })
	return s.source, s.err
}

func (s *Session) buildSource() (*oauth.TokenSource, error) {
	if s.tlsErr != nil {
		return nil, s.tlsErr
	}
	o := s.cfg.OAuth
	if err := s.cfg.Require("oauth.client_id", o.ClientID); err != nil {
		return nil, err
	}
	if err := s.cfg.Require("oauth.client_secret", o.ClientSecret); err != nil {
		return nil, err
	}
	// The accounts host comes from accounts_url or dc and nothing else:
	// it is never derived from the API host (for ca they differ in TLD).
	accounts := o.AccountsURL
	if accounts == "" {
		dc := o.DC
		if dc == "" {
			dc = "us"
		}
		d, err := oauth.LookupDataCentre(dc)
		if err != nil {
			return nil, s.cfg.Invalid("oauth.dc", "oauth.dc: "+err.Error())
		}
		accounts = d.AccountsURL
		s.fallbackAPI = d.APIDomain
	}
	s.accounts = accounts
	store, err := s.tokenStore()
	if err != nil {
		return nil, err
	}
	client := &oauth.Client{AccountsURL: accounts, ClientID: o.ClientID, ClientSecret: o.ClientSecret, RedirectURL: o.RedirectURL, HTTP: s.http,
		Timeout: s.cfg.API.RequestTimeout()}
	src := &oauth.TokenSource{Client: client, Store: store, UserID: s.userID, Margin: o.Margin(), Missing: s.family.missing}
	if s.meter != nil {
		src.OnRefresh = s.meter.TokenRefreshed
	}
	return src, nil
}

// OpenStore opens the token store named by [tokenstore].
func OpenStore(cfg *config.Config) (tokenstore.Store, error) {
	ts := cfg.TokenStore
	switch ts.Kind {
	case "", "file":
		path := cfg.Resolve(ts.Path)
		if path == "" {
			dir, err := os.UserConfigDir()
			if err != nil {
				return nil, cfg.Invalid("tokenstore.path", "tokenstore.path is required: "+err.Error())
			}
			path = filepath.Join(dir, "zcrmrun", "tokens.json")
		}
		return tokenstore.NewFile(path), nil
	case "memory":
		return tokenstore.NewMemory(), nil
	case "mysql":
		s, err := tokenstore.NewMySQL(ts.DSN, ts.Table)
		if err != nil {
			return nil, cfg.Invalid("tokenstore.dsn", "tokenstore.dsn: "+err.Error())
		}
		return s, nil
	case "lua":
		return openLuaStore(cfg)
	default:
		return nil, cfg.Invalid("tokenstore.kind", "tokenstore.kind "+ts.Kind+" is not available yet")
	}
}

// Grant exchanges a grant code for the session's user and stores the tokens.
func (s *Session) Grant(ctx context.Context, code string) error {
	src, err := s.TokenSource()
	if err != nil {
		return err
	}
	_, err = src.Grant(ctx, code)
	return err
}

// Import stores a refresh token for the session's user after checking it.
func (s *Session) Import(ctx context.Context, refreshToken string) error {
	src, err := s.TokenSource()
	if err != nil {
		return err
	}
	_, err = src.Import(ctx, refreshToken)
	return err
}

// Revoke revokes the user's refresh token at Zoho and deletes the user's
// tokens; known is false when Zoho no longer knew the token.
func (s *Session) Revoke(ctx context.Context) (known bool, err error) {
	src, err := s.TokenSource()
	if err != nil {
		return false, err
	}
	return src.Revoke(ctx)
}

// credentials adapts the lazily built token source to crm.Credentials.
type credentials struct{ s *Session }

func (c credentials) Access(ctx context.Context) (crm.Access, error) {
	src, err := c.s.TokenSource()
	if err != nil {
		return crm.Access{}, err
	}
	t, err := src.Token(ctx)
	if err != nil {
		return crm.Access{}, err
	}
	return c.s.access(t)
}

func (c credentials) Renew(ctx context.Context, stale string) (crm.Access, error) {
	src, err := c.s.TokenSource()
	if err != nil {
		return crm.Access{}, err
	}
	t, err := src.Renew(ctx, stale)
	if err != nil {
		return crm.Access{}, err
	}
	return c.s.access(t)
}

// access routes calls to the token's api_domain, which Zoho sets to the
// user's data centre, once it is checked to be Zoho's (the store may have
// been edited); [api] url, when set, overrides both in the crm client.
func (s *Session) access(t tokenstore.Token) (crm.Access, error) {
	domain := t.APIDomain
	if domain == "" {
		domain = s.fallbackAPI
	}
	if domain != "" && s.cfg.API.URL == "" {
		if err := oauth.CheckAPIDomain(domain, s.accounts); err != nil {
			return crm.Access{}, fmt.Errorf("user %q: %w", s.userID, err)
		}
	}
	return crm.Access{Token: t.AccessToken, APIDomain: domain}, nil
}

func openLuaStore(cfg *config.Config) (tokenstore.Store, error) {
	path := cfg.Resolve(cfg.TokenStore.Module)
	if path == "" {
		return nil, cfg.Invalid("tokenstore.module", `tokenstore.module is required with kind = "lua": the path of the Lua token module`)
	}
	s, err := luastore.Open(path, cfg.TokenStore.CallTimeout())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, cfg.Invalid("tokenstore.module", "tokenstore.module: "+err.Error())
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}
