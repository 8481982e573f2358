package crmsim_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/zcrmrun/zcrmrun/crmsim"
)

// BenchmarkListPages pages through 100,000 Leads 200 at a time by
// page_token over HTTP (gzip, as Go clients ask), reading only each page's
// info: the emulator's read throughput in pages per second.
func BenchmarkListPages(b *testing.B) {
	a := startSim(b, crmsim.SeedCounts{Leads: 100000}, crmsim.Options{Limits: crmsim.Limits{Concurrency: -1, DailyCredits: -1}})
	pages := 0
	token := ""
	for b.Loop() {
		q := url.Values{"per_page": {"200"}}
		if token != "" {
			q.Set("page_token", token)
		}
		var page struct {
			Info struct {
				MoreRecords   bool   `json:"more_records"`
				NextPageToken string `json:"next_page_token"`
			} `json:"info"`
		}
		a.send(b, http.MethodGet, "/Leads?"+q.Encode(), nil, &page)
		pages++
		token = page.Info.NextPageToken
		if !page.Info.MoreRecords {
			token = "" // start over
		}
	}
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkInsertRecords creates Leads 100 per call over HTTP, one call at
// a time: the emulator's write throughput in records per second.
func BenchmarkInsertRecords(b *testing.B) {
	a := startSim(b, crmsim.SeedCounts{Leads: 5000}, crmsim.Options{Limits: crmsim.Limits{Concurrency: -1, DailyCredits: -1}})
	written := 0
	for i := 0; b.Loop(); i++ {
		data := make([]map[string]any, 100)
		for j := range data {
			data[j] = map[string]any{"Last_Name": "Bench", "Company": "Bench", "Email": fmt.Sprintf("w%d.%d@bench.example", i, j)}
		}
		body, _ := json.Marshal(map[string]any{"data": data})
		var reply struct {
			Data []struct {
				Status string `json:"status"`
			} `json:"data"`
		}
		a.send(b, http.MethodPost, "/Leads", body, &reply)
		if len(reply.Data) != 100 || reply.Data[99].Status != "success" {
			b.Fatalf("insert answered %+v", reply.Data)
		}
		written += 100
	}
	b.ReportMetric(float64(written)/b.Elapsed().Seconds(), "records/s")
}

// send makes one authorised call and decodes a 2xx reply into out.
func (a *api) send(b *testing.B, method, path string, body []byte, out any) {
	req, err := http.NewRequestWithContext(b.Context(), method, a.srv.URL()+"/crm/v2"+path, bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Authorization", "Zoho-oauthtoken "+a.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		msg, _ := io.ReadAll(resp.Body)
		b.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, msg)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		b.Fatal(err)
	}
}
