package luabind_test

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/internal/syncbuf"
	"github.com/zcrmrun/zcrmrun/luabind"
	"github.com/zcrmrun/zcrmrun/progress"
)

// stateWithStdout returns a state whose crm table prints into the buffer.
func stateWithStdout(t *testing.T) (*lua.LState, *bytes.Buffer) {
	out := new(bytes.Buffer)
	L := lua.NewState()
	t.Cleanup(L.Close)
	m := luabind.NewModule(sandbox.Session(""))
	m.Stdout = out
	L.SetGlobal("crm", m.Open(L))
	return L, out
}

func TestPrintTableAlignsColumns(t *testing.T) {
	L, out := stateWithStdout(t)
	err := L.DoString(`
		crm.print_table({
			{id = "5725767000000000101", Last_Name = "Iyer", Owner = {name = "Ana Souza", id = "9"}, Description = crm.null},
			{id = "5725767000000000102", Last_Name = "Zimmermann-Schmidt", Owner = {name = "Kenji Mori", id = "8"}},
		}, {"id", "Last_Name", "Owner", "Description"})
		crm.print_table({})
	`)
	if err != nil {
		t.Fatal(err)
	}
	want := "" +
		"id                   Last_Name           Owner       Description\n" +
		"-------------------  ------------------  ----------  -----------\n" +
		"5725767000000000101  Iyer                Ana Souza   \n" +
		"5725767000000000102  Zimmermann-Schmidt  Kenji Mori  \n" +
		"(no records)\n"
	if out.String() != want {
		t.Errorf("print_table wrote\n%s\nwant\n%s", out.String(), want)
	}
}

func TestPrintTableDefaultsToIDFirstAndClipsLongCells(t *testing.T) {
	L, out := stateWithStdout(t)
	if err := L.DoString(`crm.print_table({{Zeta = string.rep("x", 100), id = "1", Alpha = "a"}})`); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out.String(), "\n")
	if !strings.HasPrefix(lines[0], "id  Alpha  Zeta") {
		t.Errorf("header %q: want id first, then fields by name", lines[0])
	}
	if !strings.HasSuffix(lines[2], strings.Repeat("x", 39)+"…") {
		t.Errorf("long cell not clipped to 40 characters: %q", lines[2])
	}
}

func TestProgressDrawsWhenEnabled(t *testing.T) {
	var out bytes.Buffer
	L := lua.NewState()
	defer L.Close()
	L.SetGlobal("progress", luabind.Progress{Bars: progress.Bars{W: &out, Enabled: true}}.Open(L))
	if err := L.DoString(`local b = progress(3, "importing") b:add(1) b:add(2) b:done()`); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "importing") {
		t.Errorf("enabled bar drew %q; want its label", out.String())
	}
}

// Bulk writes past one request and iterations past one page draw their
// own bars; smaller ones draw nothing.
func TestBulkCallsDrawProgress(t *testing.T) {
	var out bytes.Buffer
	L := lua.NewState()
	defer L.Close()
	L.SetContext(t.Context())
	mod := luabind.NewModule(sandbox.Session(""))
	mod.Bars = progress.Bars{W: &out, Enabled: true}
	L.SetGlobal("crm", mod.Open(L))
	if err := L.DoString(`crm.records.create("Leads", {{Last_Name = "One Bar"}})
	  for _ in crm.records.search_iter("Leads", {criteria = "(Last_Name:equals:One Bar)"}) do end`); err != nil {
		t.Fatal(err)
	}
	if out.Len() != 0 {
		t.Errorf("a one-request write and a one-page iteration drew %q", out.String())
	}
	if err := L.DoString(`local t = {}
	  for i = 1, 150 do t[i] = {Last_Name = "Bar " .. i} end
	  local ids = {}
	  for i, r in ipairs(crm.records.create("Leads", t)) do ids[i] = r.id end
	  crm.records.delete("Leads", ids)
	  local n = 0
	  for _ in crm.records.iter("Contacts", {per_page = 100}) do n = n + 1 end`); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"crm.records.create Leads", "/150)", "crm.records.delete Leads", "crm.records.iter Contacts"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("bars drew no %q in %q", want, out.String())
		}
	}
}

// An iteration's bar shows the rate since the loop began, never the
// records of the first page over no time at all (it used to open with
// tens of millions of rec/s), and it stops drawing once its run's bars
// are ended, even when the loop was left by break.
func TestIterationBarRateAndEnd(t *testing.T) {
	var out syncbuf.Buffer
	L := lua.NewState()
	defer L.Close()
	L.SetContext(t.Context())
	live := progress.NewLive()
	mod := luabind.NewModule(sandbox.Session(""))
	mod.Bars = progress.Bars{W: &out, Enabled: true, Live: live}
	L.SetGlobal("crm", mod.Open(L))
	// Each record takes at least 500µs, so no honest rate passes 2,000/s.
	L.SetGlobal("wait", L.NewFunction(func(*lua.LState) int { time.Sleep(500 * time.Microsecond); return 0 }))
	if err := L.DoString(`local n = 0
	  for r in crm.records.iter("Leads", {fields = {"Last_Name"}}) do
	    wait(); n = n + 1
	    if n == 2400 then break end
	  end`); err != nil {
		t.Fatal(err)
	}
	rates := regexp.MustCompile(`([0-9.]+) rec/s`).FindAllStringSubmatch(out.String(), -1)
	if len(rates) == 0 {
		t.Fatalf("no rate shown in %q", out.String())
	}
	for _, m := range rates {
		if r, _ := strconv.ParseFloat(m[1], 64); r > 2500 {
			t.Fatalf("a rate of %s rec/s, where at most 2,000 can be true: %q", m[1], out.String())
		}
	}
	live.DoneAll()
	drawn := out.Len()
	time.Sleep(400 * time.Millisecond) // the spinner redraws every 100 ms while it lives
	if out.Len() != drawn {
		t.Fatalf("the bar still draws after its run ended: %q", out.String()[drawn:])
	}
}

// TestPrintTableShowsAnIDOnlyLookupByItsID: COQL returns lookups as
// {id = ...} alone, as Zoho does; print_table shows that id, not the
// table as JSON.
func TestPrintTableShowsAnIDOnlyLookupByItsID(t *testing.T) {
	L, out := stateWithStdout(t)
	if err := L.DoString(`crm.print_table({{id = "1", Account_Name = {id = "5725767000000000008"}}}, {"Account_Name"})`); err != nil {
		t.Fatal(err)
	}
	if want := "Account_Name\n-------------------\n5725767000000000008\n"; out.String() != want {
		t.Errorf("print_table wrote\n%s\nwant\n%s", out.String(), want)
	}
}
