package tokenstore_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/zcrmrun/zcrmrun/tokenstore"
	"github.com/zcrmrun/zcrmrun/tokenstore/mysqltest"
)

// Both stores' leases: one owner at a time, the holder may extend, a
// release frees it; a singleton is refused while another holds it.
func TestLeases(t *testing.T) {
	stores := map[string]func(t *testing.T) tokenstore.Leases{
		"file": func(t *testing.T) tokenstore.Leases {
			return tokenstore.NewFile(filepath.Join(t.TempDir(), "tokens.json"))
		},
		"mysql": func(t *testing.T) tokenstore.Leases {
			m, err := tokenstore.NewMySQL(mysqltest.DSN(t), "")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { m.Close() })
			return m
		},
	}
	for kind, open := range stores {
		t.Run(kind, func(t *testing.T) {
			l := open(t)
			ctx := t.Context()
			must := func(got bool, err error, want bool, what string) {
				t.Helper()
				if err != nil || got != want {
					t.Fatalf("%s: %v %v, want %v", what, got, err, want)
				}
			}
			got, err := l.Acquire(ctx, "nightly", "a", time.Minute)
			must(got, err, true, "a takes the free lease")
			got, err = l.Acquire(ctx, "nightly", "b", time.Minute)
			must(got, err, false, "b while a holds it")
			got, err = l.Acquire(ctx, "nightly", "a", time.Minute)
			must(got, err, true, "a extends its own")
			if err := l.Release(ctx, "nightly", "b"); err != nil {
				t.Fatal(err)
			}
			got, err = l.Acquire(ctx, "nightly", "b", time.Minute)
			must(got, err, false, "b after b's release of a's lease")
			if err := l.Release(ctx, "nightly", "a"); err != nil {
				t.Fatal(err)
			}
			got, err = l.Acquire(ctx, "nightly", "b", time.Minute)
			must(got, err, true, "b after a's release")

			release, ok, err := l.Singleton(ctx, "cron")
			must(ok, err, true, "first singleton")
			_, ok, err = l.Singleton(ctx, "cron")
			must(ok, err, false, "second singleton while the first holds")
			release()
			release, ok, err = l.Singleton(ctx, "cron")
			must(ok, err, true, "singleton after release")
			release()
		})
	}
}
