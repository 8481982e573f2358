package luabind_test

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"strconv"
	"testing"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/config"
	"github.com/zcrmrun/zcrmrun/crm"
	"github.com/zcrmrun/zcrmrun/crmsim"
	"github.com/zcrmrun/zcrmrun/luabind"
	"github.com/zcrmrun/zcrmrun/session"
)

// benchLeads is how many Leads the iteration benchmarks list:
// ZCRMRUN_BENCH_LEADS, default 100,000.
func benchLeads(b *testing.B) int {
	if v := os.Getenv("ZCRMRUN_BENCH_LEADS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			b.Fatalf("ZCRMRUN_BENCH_LEADS=%q is not a positive count", v)
		}
		return n
	}
	return 100000
}

// benchSession connects to the sandbox process whose `zcrmrun sandbox
// --json` line is in the file ZCRMRUN_BENCH_SANDBOX (so the emulator's
// heap and CPU are not the benchmark's), or else starts one in process
// with n Leads.
func benchSession(b *testing.B, n int) *session.Session {
	if path := os.Getenv("ZCRMRUN_BENCH_SANDBOX"); path != "" {
		raw, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		var info struct {
			ClientID     string `json:"client_id"`
			ClientSecret string `json:"client_secret"`
			AccountsURL  string `json:"accounts_url"`
			RefreshToken string `json:"refresh_token"`
		}
		if err := json.Unmarshal(raw, &info); err != nil {
			b.Fatalf("%s: %v", path, err)
		}
		cfg := config.Empty()
		cfg.OAuth = config.OAuth{ClientID: info.ClientID, ClientSecret: info.ClientSecret, AccountsURL: info.AccountsURL}
		cfg.TokenStore.Kind = "memory"
		cfg.API.Edition = "enterprise"
		sess := session.New(cfg, "bench")
		if err := sess.Import(context.Background(), info.RefreshToken); err != nil {
			b.Fatal(err)
		}
		return sess
	}
	seed := crmsim.SeedCounts{Leads: n, Contacts: 10, Accounts: 10, Deals: 10}
	sb, err := session.StartSandboxWith(context.Background(), session.SandboxOptions{Seed: &seed})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { sb.Close() })
	return sb.Session("")
}

// BenchmarkIterLeads lists every Lead of a large org in a Lua for loop
// (crm.records.iter) and in a plain Go loop over the same client decoding
// into Go maps, against one emulator, so their ratio is the cost of Lua.
func BenchmarkIterLeads(b *testing.B) {
	n := benchLeads(b)
	sess := benchSession(b, n)

	b.Run("go", func(b *testing.B) {
		for b.Loop() {
			pages := sess.CRM().IterRecords(b.Context(), "Leads", crm.ListOptions{})
			got := 0
			for {
				recs, err := pages.Next(b.Context())
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				for _, r := range recs {
					if r["Last_Name"] != nil {
						got++
					}
				}
			}
			if got != n {
				b.Fatalf("listed %d Leads, want %d", got, n)
			}
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
	})
	b.Run("lua", func(b *testing.B) {
		L := lua.NewState()
		defer L.Close()
		L.SetContext(b.Context())
		L.SetGlobal("crm", luabind.NewModule(sess).Open(L))
		fn, err := L.LoadString(`
			local n = 0
			for lead in crm.records.iter("Leads") do
				if lead.Last_Name then n = n + 1 end
			end
			return n`)
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			L.Push(fn)
			if err := L.PCall(0, 1, nil); err != nil {
				b.Fatal(err)
			}
			if got := int(lua.LVAsNumber(L.Get(-1))); got != n {
				b.Fatalf("listed %d Leads, want %d", got, n)
			}
			L.Pop(1)
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
	})
}
