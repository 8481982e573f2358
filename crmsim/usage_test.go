package crmsim_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/zcrmrun/zcrmrun/crmsim"
)

// /crmsim/v1/usage reports the limit counters to another process, such as
// a benchmark checking that its client caused no 429.
func TestUsageEndpoint(t *testing.T) {
	a := startSim(t, smallSeed, crmsim.Options{})
	a.do("GET", "/Leads?per_page=1", "").want(t, http.StatusOK, "")
	resp, err := http.Get(a.srv.URL() + "/crmsim/v1/usage")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var u crmsim.UsageStats
	if err := json.NewDecoder(resp.Body).Decode(&u); err != nil {
		t.Fatal(err)
	}
	if want := a.srv.Usage(); u != want || u.Requests < 1 {
		t.Errorf("usage endpoint %+v, Usage() %+v", u, want)
	}
}
