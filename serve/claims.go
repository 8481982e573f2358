package serve

import (
	"context"
	"time"

	"github.com/zcrmrun/zcrmrun/tokenstore"
)

// LeaseClaims are Claims on a token store's leases: the mysql store's
// table for a fleet of hosts, the file store's files for one host.
type LeaseClaims struct{ Leases tokenstore.Leases }

// Claim takes the lease under an owner of its own, so the first claim of a
// key wins even among workers of one process.
func (c LeaseClaims) Claim(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	return c.Leases.Acquire(ctx, "zcrmrun.serve."+key, tokenstore.NewOwner(), ttl)
}
