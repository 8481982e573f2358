package tokenstore

import (
	"context"
	"sync"
)

// UserLocks serialises token refreshes per user within one process. Stores
// without a shared lock of their own (Memory, a Lua module) implement
// Locker with it, so two token sources for one user in a process still
// refresh once. The zero value is ready to use.
type UserLocks struct {
	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

// Lock blocks until userID's lock is held or ctx ends.
func (u *UserLocks) Lock(ctx context.Context, userID string) (func(), error) {
	u.mu.Lock()
	if u.locks == nil {
		u.locks = map[string]*sync.Mutex{}
	}
	l, ok := u.locks[userID]
	if !ok {
		l = &sync.Mutex{}
		u.locks[userID] = l
	}
	u.mu.Unlock()
	done := make(chan struct{})
	go func() { l.Lock(); close(done) }()
	select {
	case <-done:
		return l.Unlock, nil
	case <-ctx.Done():
		go func() { <-done; l.Unlock() }()
		return nil, ctx.Err()
	}
}
