package crmsim

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// burst sends n GETs at once and counts the answers by status.
func burst(t *testing.T, s *Server, token, path string, n int) map[int]int {
	t.Helper()
	var mu sync.Mutex
	counts := map[int]int{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			req, _ := http.NewRequest("GET", s.URL()+path, nil)
			req.Header.Set("Authorization", "Zoho-oauthtoken "+token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			mu.Lock()
			counts[resp.StatusCode]++
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	return counts
}

func TestConcurrencyLimitAnswers429(t *testing.T) {
	// The latency keeps every call in flight while the others arrive.
	s, tok := testServer(t, Options{Limits: Limits{Edition: "free", Latency: 800 * time.Millisecond}})
	counts := burst(t, s, tok, "/crm/v2/Leads?per_page=1", 8)
	if counts[200] > 5 || counts[429] < 3 || counts[200]+counts[429] != 8 {
		t.Errorf("8 calls at once on the free edition (5 concurrent): %v", counts)
	}
	if u := s.Usage(); u.MaxConcurrency > 5 || u.Rejected429 != counts[429] {
		t.Errorf("usage %+v after %v", u, counts)
	}
}

func TestHeavyCallsShareASubLimitOf10(t *testing.T) {
	s, tok := testServer(t, Options{Limits: Limits{Edition: "ultimate", Latency: 800 * time.Millisecond}})
	counts := burst(t, s, tok, "/crm/v2/Leads?per_page=1&sort_by=Last_Name", 14)
	if counts[200] > 10 || counts[429] < 4 {
		t.Errorf("14 sorted lists at once (sub-limit 10): %v", counts)
	}
	counts = burst(t, s, tok, "/crm/v2/Leads?per_page=1", 14)
	if counts[429] != 0 {
		t.Errorf("14 plain lists at once on ultimate (25 concurrent): %v", counts)
	}
}

func TestDailyCreditsRunOut(t *testing.T) {
	s, tok := testServer(t, Options{Limits: Limits{DailyCredits: 10}})
	for i := 1; i <= 10; i++ {
		req, _ := http.NewRequest("GET", s.URL()+"/crm/v2/Leads?per_page=1", nil)
		req.Header.Set("Authorization", "Zoho-oauthtoken "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		remaining := resp.Header.Get("X-API-CREDITS-REMAINING")
		switch {
		case resp.StatusCode != 200:
			t.Fatalf("call %d: HTTP %d", i, resp.StatusCode)
		case i < 5 && remaining != "":
			t.Errorf("call %d: X-API-CREDITS-REMAINING %q before half the credits were used", i, remaining)
		case i >= 5 && remaining == "":
			t.Errorf("call %d: no X-API-CREDITS-REMAINING past half", i)
		}
	}
	status, r, _ := get(t, s, tok, "/crm/v2/Leads?per_page=1")
	if status != 429 || r.Code != "TOO_MANY_REQUESTS" {
		t.Errorf("11th call: HTTP %d %s", status, r.Code)
	}
	if u := s.Usage(); u.CreditsUsed != 10 {
		t.Errorf("credits used %d, want 10", u.CreditsUsed)
	}
}

func TestCreditCosts(t *testing.T) {
	cases := []struct {
		method, url, body string
		credits           int
		heavy             bool
	}{
		{"GET", "/crm/v2/Leads", "", 1, false},
		{"GET", "/crm/v2/Leads?cvid=1", "", 3, true},
		{"GET", "/crm/v2/Leads/deleted?type=all", "", 2, false},
		{"POST", "/crm/v2/Leads/5725767000000000001/actions/convert", `{"data":[{}]}`, 5, true},
		{"POST", "/crm/v2/Leads", `{"data":[{},{},{}]}`, 1, false},
		{"POST", "/crm/v2/Leads/upsert", `{"data":[` + strings.Repeat(`{},`, 99) + `{}]}`, 10, true},
		{"PUT", "/crm/v2/Leads", `{"data":[` + strings.Repeat(`{},`, 10) + `{}]}`, 2, true},
		{"POST", "/crm/v2/Leads/actions/add_tags?ids=" + strings.Repeat("1,", 50) + "2&tag_names=a", "", 2, false},
		{"POST", "/crm/v2/coql", `{"select_query":"select id from Leads"}`, 1, true},
	}
	for _, tc := range cases {
		r, _ := http.NewRequest(tc.method, "http://x"+tc.url, strings.NewReader(tc.body))
		if c, h := costOf(r); c != tc.credits || h != tc.heavy {
			t.Errorf("%s %s: %d credits heavy=%v, want %d heavy=%v", tc.method, tc.url, c, h, tc.credits, tc.heavy)
		}
	}
}

// TestOversizedWriteIsLimitExceededNot429: a create of more than 100
// records is refused whole with LIMIT_EXCEEDED (zoho-api.md §4.2), before
// credits are counted: priced by its size, 3.5M records (or here 101 on a
// 5-credit day) would spend the day's credits and be answered 429.
func TestOversizedWriteIsLimitExceededNot429(t *testing.T) {
	s, tok := testServer(t, Options{Limits: Limits{DailyCredits: 5}})
	body := `{"data":[` + strings.Repeat(`{"Last_Name":"x"},`, 100) + `{"Last_Name":"x"}]}`
	req, _ := http.NewRequest("POST", s.URL()+"/crm/v2/Leads", strings.NewReader(body))
	req.Header.Set("Authorization", "Zoho-oauthtoken "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct{ Code string }
	json.NewDecoder(resp.Body).Decode(&r)
	if resp.StatusCode != http.StatusBadRequest || r.Code != "LIMIT_EXCEEDED" {
		t.Fatalf("101 records: HTTP %d %s, want 400 LIMIT_EXCEEDED", resp.StatusCode, r.Code)
	}
	if u := s.Usage(); u.CreditsUsed != 1 {
		t.Errorf("credits used %d, want 1 for the refused call", u.CreditsUsed)
	}
}
