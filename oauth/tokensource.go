package oauth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/zcrmrun/zcrmrun/tokenstore"
	"golang.org/x/sync/singleflight"
)

// DefaultMargin is how long before expiry an access token is refreshed.
const DefaultMargin = 5 * time.Minute

// RefreshTimeout bounds one refresh (lock, store, token request, store),
// which runs on after the caller that started it has gone.
const RefreshTimeout = 2 * time.Minute

// ErrNoRefreshToken means the store has nothing for the user: a grant code
// or an imported refresh token is needed first.
var ErrNoRefreshToken = errors.New("no refresh token stored")

// TokenSource hands out valid access tokens for one user. Concurrent
// callers share one refresh (singleflight); when the store is a
// tokenstore.Locker, processes sharing it take its lock and re-read the
// store first, so a token another process just minted is reused.
type TokenSource struct {
	Client *Client
	Store  tokenstore.Store
	UserID string
	Margin time.Duration    // refresh this long before expiry; 0 means DefaultMargin
	Now    func() time.Time // nil means time.Now
	// OnRefresh, when set, is called after each access token this source
	// minted (not ones another process minted), for run statistics.
	OnRefresh func()
	// Missing is the advice given when the store has no tokens for the
	// user; empty means zcrmrun's auth grant and auth import.
	Missing string

	flight singleflight.Group
}

func (s *TokenSource) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *TokenSource) margin() time.Duration {
	if s.Margin > 0 {
		return s.Margin
	}
	return DefaultMargin
}

// Token returns a token whose access token is valid for at least the margin.
func (s *TokenSource) Token(ctx context.Context) (tokenstore.Token, error) {
	t, err := s.load(ctx)
	if err != nil {
		return tokenstore.Token{}, err
	}
	if t.Valid(s.now(), s.margin()) {
		return t, nil
	}
	return s.refresh(ctx, t.AccessToken)
}

// Renew is called when the API rejected stale as invalid: it refreshes
// unless someone already replaced stale with a newer token.
func (s *TokenSource) Renew(ctx context.Context, stale string) (tokenstore.Token, error) {
	return s.refresh(ctx, stale)
}

func (s *TokenSource) load(ctx context.Context) (tokenstore.Token, error) {
	t, err := s.Store.Load(ctx, s.UserID)
	if errors.Is(err, tokenstore.ErrNotFound) {
		advice := s.Missing
		if advice == "" {
			advice = "run `zcrmrun auth grant CODE` or `zcrmrun auth import --refresh-token TOKEN`, or call crm.auth.grant(code)"
		}
		return t, fmt.Errorf("user %q: %w: %s", s.UserID, ErrNoRefreshToken, advice)
	}
	return t, err
}

func (s *TokenSource) refresh(ctx context.Context, stale string) (tokenstore.Token, error) {
	ch := s.flight.DoChan("refresh", func() (any, error) {
		// Detach from the first caller's cancellation, since the others
		// wait too, but not for ever: a hung store or lock must not keep
		// the refresh, and whatever it holds, alive after every caller left.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), RefreshTimeout)
		defer cancel()
		return s.refreshLocked(ctx, stale)
	})
	select {
	case r := <-ch:
		if r.Err != nil {
			return tokenstore.Token{}, r.Err
		}
		return r.Val.(tokenstore.Token), nil
	case <-ctx.Done():
		return tokenstore.Token{}, ctx.Err()
	}
}

func (s *TokenSource) refreshLocked(ctx context.Context, stale string) (tokenstore.Token, error) {
	if l, ok := s.Store.(tokenstore.Locker); ok {
		unlock, err := l.Lock(ctx, s.UserID)
		if err != nil {
			return tokenstore.Token{}, fmt.Errorf("locking tokens of user %q: %w", s.UserID, err)
		}
		defer unlock()
	}
	// Re-read under the lock: another process or caller may have refreshed.
	t, err := s.load(ctx)
	if err != nil {
		return tokenstore.Token{}, err
	}
	if t.AccessToken != stale && t.Valid(s.now(), s.margin()) {
		return t, nil
	}
	if t.RefreshToken == "" {
		return tokenstore.Token{}, fmt.Errorf("user %q: %w", s.UserID, ErrNoRefreshToken)
	}
	g, err := s.Client.Refresh(ctx, t.RefreshToken)
	if err != nil {
		// The stored refresh token stays as it was: a failed refresh loses nothing.
		return tokenstore.Token{}, fmt.Errorf("refreshing the access token of user %q: %w", s.UserID, err)
	}
	t.AccessToken = g.AccessToken
	t.Expiry = s.now().Add(g.ExpiresIn)
	if g.RefreshToken != "" {
		t.RefreshToken = g.RefreshToken
	}
	if g.APIDomain != "" {
		t.APIDomain = g.APIDomain
	}
	if s.OnRefresh != nil {
		s.OnRefresh()
	}
	if err := s.Store.Save(ctx, t); err != nil {
		return tokenstore.Token{}, fmt.Errorf("user %q: Zoho minted a new access token, but the token store did not save it, so it is lost "+
			"(the stored refresh token still works; Zoho mints at most 10 access tokens per refresh token in 10 minutes): %w", s.UserID, err)
	}
	return t, nil
}

// checkWrite asks the store, when it can tell, whether tokens can be saved.
func (s *TokenSource) checkWrite(ctx context.Context) error {
	if c, ok := s.Store.(tokenstore.WriteChecker); ok {
		return c.CheckWrite(ctx, s.UserID)
	}
	return nil
}

// Grant exchanges a grant code and stores the tokens for the source's
// user. The store is checked first: a code is single-use, so one spent on
// tokens the store then cannot keep is lost.
func (s *TokenSource) Grant(ctx context.Context, code string) (tokenstore.Token, error) {
	if err := s.checkWrite(ctx); err != nil {
		return tokenstore.Token{}, fmt.Errorf("user %q: the grant code was not used and works until it expires (minutes), but the token store cannot save tokens: %w", s.UserID, err)
	}
	g, err := s.Client.ExchangeCode(ctx, code)
	if err != nil {
		return tokenstore.Token{}, fmt.Errorf("exchanging the grant code for user %q: %w", s.UserID, err)
	}
	if g.RefreshToken == "" {
		return tokenstore.Token{}, fmt.Errorf("exchanging the grant code for user %q: Zoho returned no refresh token (ask for access_type=offline)", s.UserID)
	}
	t := tokenstore.Token{UserID: s.UserID, AccessToken: g.AccessToken, RefreshToken: g.RefreshToken,
		APIDomain: g.APIDomain, Expiry: s.now().Add(g.ExpiresIn)}
	if err := s.Store.Save(ctx, t); err != nil {
		return tokenstore.Token{}, fmt.Errorf("user %q: Zoho exchanged the grant code, which is now spent, but the token store did not save the tokens, so they are lost "+
			"(once the store works, generate a new grant code and grant again): %w", s.UserID, err)
	}
	return t, nil
}

// Import stores a refresh token obtained elsewhere and mints a first access
// token with it, which proves the refresh token works.
func (s *TokenSource) Import(ctx context.Context, refreshToken string) (tokenstore.Token, error) {
	if err := s.checkWrite(ctx); err != nil {
		return tokenstore.Token{}, fmt.Errorf("user %q: the refresh token was not used, since the token store cannot save tokens: %w", s.UserID, err)
	}
	g, err := s.Client.Refresh(ctx, refreshToken)
	if err != nil {
		return tokenstore.Token{}, fmt.Errorf("checking the refresh token for user %q: %w", s.UserID, err)
	}
	t := tokenstore.Token{UserID: s.UserID, AccessToken: g.AccessToken, RefreshToken: refreshToken,
		APIDomain: g.APIDomain, Expiry: s.now().Add(g.ExpiresIn)}
	if err := s.Store.Save(ctx, t); err != nil {
		return tokenstore.Token{}, fmt.Errorf("user %q: the refresh token works, but the token store did not save it (import it again once the store works): %w", s.UserID, err)
	}
	return t, nil
}

// Revoke revokes the user's refresh token at Zoho, which kills the access
// tokens minted from it too, then deletes the user's tokens from the
// store. A refresh token Zoho no longer knows is deleted all the same and
// known is false; any other failure keeps the tokens, so revoking can be
// retried.
func (s *TokenSource) Revoke(ctx context.Context) (known bool, err error) {
	t, err := s.Store.Load(ctx, s.UserID)
	if errors.Is(err, tokenstore.ErrNotFound) {
		// Revoked already, or never granted: a grant is not what helps.
		return false, fmt.Errorf("user %q: %w, so there is nothing to revoke (`zcrmrun auth status` lists the users that have tokens)", s.UserID, ErrNoRefreshToken)
	}
	if err != nil {
		return false, err
	}
	known = true
	if err := s.Client.Revoke(ctx, t.RefreshToken); err != nil {
		var oe *Error
		if !errors.As(err, &oe) {
			return false, fmt.Errorf("revoking the refresh token of user %q: %w", s.UserID, err)
		}
		known = false
	}
	if err := s.Store.Delete(ctx, s.UserID); err != nil {
		return known, fmt.Errorf("deleting the tokens of user %q: %w", s.UserID, err)
	}
	return known, nil
}
