package crm_test

import (
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/zcrmrun/zcrmrun/crm"
	"github.com/zcrmrun/zcrmrun/crmsim"
)

// gzipSeen records whether replies came compressed.
type gzipSeen struct{ compressed, plain atomic.Int32 }

func (g *gzipSeen) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil && resp.StatusCode == http.StatusOK {
		if resp.Uncompressed {
			g.compressed.Add(1)
		} else {
			g.plain.Add(1)
		}
	}
	return resp, err
}

// The client asks for gzip and list pages arrive compressed, decoded off
// the wire into the same records.
func TestListPagesArriveGzipped(t *testing.T) {
	seen := &gzipSeen{}
	_, c, _ := startClient(t, smallSeed, crmsim.Options{}, crm.WithHTTPClient(&http.Client{Transport: seen}))
	recs, info, err := c.ListRecords(t.Context(), "Leads", crm.ListOptions{PerPage: 50})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 50 || info.Count != 50 || !info.MoreRecords {
		t.Fatalf("%d records, info %+v", len(recs), info)
	}
	if id, ok := recs[0]["id"].(string); !ok || len(id) != 19 {
		t.Errorf("id %#v, want a 19-digit string", recs[0]["id"])
	}
	if seen.compressed.Load() != 1 || seen.plain.Load() != 0 {
		t.Errorf("%d gzipped and %d plain replies, want 1 and 0", seen.compressed.Load(), seen.plain.Load())
	}
}
