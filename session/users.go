package session

import (
	"errors"
	"io"
	"log/slog"
	"sync"

	"github.com/zcrmrun/zcrmrun/crm"

	"github.com/zcrmrun/zcrmrun/tokenstore"
)

// Option configures a Session and the sessions As derives from it.
type Option func(*Session)

// WithLogger logs every HTTP call of the session to l at debug level:
// method, host, path, status and duration. Secrets travel in headers and
// bodies, which are never logged, and query strings are left out.
func WithLogger(l *slog.Logger) Option { return func(s *Session) { s.logger = l } }

// WithMeter counts the calls, credits and token refreshes of the session
// and every session As derives from it on m, and holds them all to m's
// credit budget.
func WithMeter(m *crm.Meter) Option { return func(s *Session) { s.meter = m } }

// WithDryRun makes the session and those As derives from it rehearse
// their writes on d instead of sending them.
func WithDryRun(d *crm.DryRun) Option { return func(s *Session) { s.dryRun = d } }

// family is what the sessions of one run share: one token store (so one
// set of locks, one file or one pool) and each user's session.
type family struct {
	mu    sync.Mutex
	users map[string]*Session

	storeOnce sync.Once
	store     tokenstore.Store
	storeErr  error

	// missing is what to do for a user with no tokens; empty means the
	// CLI's auth commands (the sandbox names its own users instead).
	missing string
}

// As returns the session acting for user, sharing this session's token
// store, HTTP client and options. The same user always gets the same
// session, so its token source (and its single-flight refresh) is shared
// by every caller in the process.
func (s *Session) As(user string) *Session {
	if user == "" {
		return s
	}
	s.family.mu.Lock()
	defer s.family.mu.Unlock()
	if other, ok := s.family.users[user]; ok {
		return other
	}
	other := newSession(s.cfg, user, s.family, s.http, s.opts)
	other.store = s.store
	return other
}

// tokenStore is the store preset by the sandbox, else the one named by
// [tokenstore], opened once for the whole family.
func (s *Session) tokenStore() (tokenstore.Store, error) {
	if s.store != nil {
		return s.store, nil
	}
	f := s.family
	f.storeOnce.Do(func() { f.store, f.storeErr = OpenStore(s.cfg) })
	return f.store, f.storeErr
}

// Close releases what the session's family opened: the token store's
// connection pool or Lua state. The sandbox's preset store is the
// sandbox's to close. Sessions of the family must not be used after.
func (s *Session) Close() error {
	f := s.family
	f.storeOnce.Do(func() { f.storeErr = errSessionClosed }) // never open it now
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.store.(io.Closer)
	f.store, f.storeErr = nil, errSessionClosed
	if !ok {
		return nil
	}
	return c.Close()
}

var errSessionClosed = errors.New("the session was closed")

// Store is the session's token store, opened from config on first use.
func (s *Session) Store() (tokenstore.Store, error) { return s.tokenStore() }
