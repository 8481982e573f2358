package tokenstore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// ErrNotFound is returned by Store.Load when no tokens are stored for a user.
var ErrNotFound = errors.New("no tokens stored for this user")

// Token is what a store keeps for one user: the long-lived refresh token,
// the current access token and its expiry, and the API domain Zoho named
// when the token was minted (it decides where API calls go).
type Token struct {
	UserID       string
	AccessToken  string
	RefreshToken string
	Expiry       time.Time // when AccessToken stops working; zero if unknown
	APIDomain    string
}

// Valid reports whether the access token can still be used at now, keeping
// margin in reserve so a request does not start with a token about to die.
func (t Token) Valid(now time.Time, margin time.Duration) bool {
	return t.AccessToken != "" && !t.Expiry.IsZero() && now.Add(margin).Before(t.Expiry)
}

// String redacts secrets so tokens can be logged by accident without harm.
func (t Token) String() string {
	return fmt.Sprintf("Token{user=%q access=%s refresh=%s expiry=%s api=%q}",
		t.UserID, redact(t.AccessToken), redact(t.RefreshToken), t.Expiry.Format(time.RFC3339), t.APIDomain)
}

// GoString keeps %#v from printing the secrets.
func (t Token) GoString() string { return t.String() }

// LogValue keeps slog from printing the secrets.
func (t Token) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("user", t.UserID),
		slog.Bool("has_access_token", t.AccessToken != ""),
		slog.Bool("has_refresh_token", t.RefreshToken != ""),
		slog.Time("expiry", t.Expiry),
		slog.String("api_domain", t.APIDomain),
	)
}

func redact(s string) string {
	if s == "" {
		return "<none>"
	}
	return "<redacted>"
}

// Store persists tokens per user. Implementations must be safe for
// concurrent use by the goroutines of one process.
type Store interface {
	// Load returns the user's tokens, or an error wrapping ErrNotFound.
	Load(ctx context.Context, userID string) (Token, error)
	// Save replaces the user's tokens. It must never leave a partial record.
	Save(ctx context.Context, t Token) error
	// Delete forgets the user. Deleting an unknown user is not an error.
	Delete(ctx context.Context, userID string) error
}

// Locker is implemented by stores that can serialise token refreshes for
// one user across processes sharing the store. Lock blocks until the lock
// is held or ctx ends; the returned func releases it.
type Locker interface {
	Lock(ctx context.Context, userID string) (unlock func(), err error)
}

// Locator is implemented by stores that can say where their tokens are
// (a file, a table on a server), for messages; never with a secret.
type Locator interface {
	Location() string
}

// Lister is implemented by stores that can enumerate their users.
type Lister interface {
	Users(ctx context.Context) ([]string, error)
}

// WriteChecker is implemented by stores that can tell whether Save would
// work for a user without changing what they hold, so that nothing
// irreversible (spending a single-use grant code) happens before a store
// that cannot keep its result is found out.
type WriteChecker interface {
	CheckWrite(ctx context.Context, userID string) error
}
