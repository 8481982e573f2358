package tokenstore

import (
	"context"
	"fmt"
	"sort"
	"sync"
)

// Memory keeps tokens in the process only: for tests and one-off runs.
type Memory struct {
	mu     sync.Mutex
	tokens map[string]Token
	locks  UserLocks
}

// Location says where the tokens are, for users.
func (*Memory) Location() string { return "this process's memory (gone when it ends)" }

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory {
	return &Memory{tokens: map[string]Token{}}
}

// Load implements Store.
func (m *Memory) Load(_ context.Context, userID string) (Token, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.tokens[userID]
	if !ok {
		return Token{}, fmt.Errorf("memory token store: user %q: %w", userID, ErrNotFound)
	}
	return t, nil
}

// Save implements Store.
func (m *Memory) Save(_ context.Context, t Token) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.tokens[t.UserID] = t
	return nil
}

// Delete implements Store.
func (m *Memory) Delete(_ context.Context, userID string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.tokens, userID)
	return nil
}

// Users implements Lister.
func (m *Memory) Users(context.Context) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	users := make([]string, 0, len(m.tokens))
	for u := range m.tokens {
		users = append(users, u)
	}
	sort.Strings(users)
	return users, nil
}

// Lock implements Locker within the process.
func (m *Memory) Lock(ctx context.Context, userID string) (func(), error) {
	return m.locks.Lock(ctx, userID)
}
