package crm_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zcrmrun/zcrmrun/crm"
	"github.com/zcrmrun/zcrmrun/session"
)

// startSandbox runs a seeded emulator with an authorised client for one
// test.
func startSandbox(t *testing.T) (*session.Sandbox, *crm.Client) {
	t.Helper()
	sb, err := session.StartSandbox(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	return sb, sb.Session("").CRM()
}

func wantZohoError(t *testing.T, err error, code string) {
	t.Helper()
	var ce *crm.Error
	if !errors.As(err, &ce) || ce.Code != code {
		t.Fatalf("error %v, want Zoho code %s", err, code)
	}
}

func TestCOQL(t *testing.T) {
	sb, c := startSandbox(t)
	ctx := t.Context()
	recs, info, err := c.COQL(ctx, "select Last_Name, Email from Leads where Last_Name is not null limit 0, 200")
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 200 || info.Count != 200 || !info.MoreRecords {
		t.Fatalf("%d rows, info %+v", len(recs), info)
	}
	if id, _ := recs[0]["id"].(string); id != sb.Server.Records("Leads")[0]["id"] {
		t.Fatalf("first id %v is not a string equal to the first lead's", recs[0]["id"])
	}
	recs, info, err = c.COQL(ctx, "select Last_Name from Leads where Last_Name = 'Zz-none'")
	if err != nil || recs != nil || info.Count != 0 {
		t.Fatalf("no rows: %v %v %v", recs, info, err)
	}
	_, _, err = c.COQL(ctx, "select Last_Name form Leads")
	wantZohoError(t, err, "SYNTAX_ERROR")
}

func TestCOQLPagerReadsPast200(t *testing.T) {
	sb, c := startSandbox(t)
	ctx := t.Context()
	want := 0
	for _, r := range sb.Server.Records("Leads") {
		if r["Lead_Source"] == "Trade Show" {
			want++
		}
	}
	if want <= 400 {
		t.Fatalf("seed has only %d Trade Show leads; the test needs more than two pages", want)
	}
	count := func(q string) (int, map[string]bool) {
		p := c.COQLPages(q)
		seen := map[string]bool{}
		n := 0
		for {
			page, err := p.Next(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if page == nil {
				return n, seen
			}
			for _, r := range page {
				seen[r["id"].(string)] = true
			}
			n += len(page)
		}
	}
	n, seen := count("select Lead_Source from Leads where Lead_Source = 'Trade Show'")
	if n != want || len(seen) != want {
		t.Fatalf("pager read %d rows (%d distinct), want %d", n, len(seen), want)
	}
	n, _ = count("select Lead_Source from Leads where Lead_Source = 'Trade Show' limit 250")
	if n != 250 {
		t.Fatalf("limit 250 gave %d rows", n)
	}
	n, _ = count("select Lead_Source from Leads where Lead_Source = 'Trade Show' LIMIT 10 OFFSET " + "5")
	if n != 10 {
		t.Fatalf("limit 10 offset 5 gave %d rows", n)
	}
	p := c.COQLPages("select Last_Name from Leads limit 9950, 300")
	if page, err := p.Next(ctx); err != nil || len(page) != 0 {
		t.Fatalf("past the 5000 leads: %d rows, %v", len(page), err)
	}
}

func TestCOQLPagerStopsAtTheDocumentedTotal(t *testing.T) {
	_, c := startSandbox(t)
	p := c.COQLPages("select Last_Name from Leads limit 10000, 10")
	if _, err := p.Next(t.Context()); !errors.Is(err, crm.ErrCOQLTotal) {
		t.Fatalf("err %v, want ErrCOQLTotal", err)
	}
}

func TestNotes(t *testing.T) {
	sb, c := startSandbox(t)
	ctx := t.Context()
	id := sb.Server.Records("Deals")[0]["id"].(string)
	outs, err := c.CreateNotes(ctx, "Deals", id, []crm.Record{{"Note_Title": "Kickoff", "Note_Content": "Went well"}, {"Note_Title": "no content"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != 2 || outs[0].Code != "SUCCESS" || outs[0].ID == "" || outs[1].Code != "MANDATORY_NOT_FOUND" {
		t.Fatalf("outcomes %+v", outs)
	}
	noteID := outs[0].ID
	failed, err := c.CreateNotes(ctx, "Deals", id, []crm.Record{{"Note_Title": "x"}})
	if err != nil || failed[0].Status != "error" {
		t.Fatalf("all-failed create should be outcomes, got %+v %v", failed, err)
	}
	notes, _, err := c.Notes(ctx, "Deals", id, crm.PageOptions{})
	if err != nil || len(notes) != 1 || notes[0]["Note_Content"] != "Went well" {
		t.Fatalf("notes %v %v", notes, err)
	}
	if notes[0]["id"] != noteID {
		t.Fatalf("listed note %v, created %s", notes[0]["id"], noteID)
	}
	if _, err := c.UpdateNote(ctx, "", "", noteID, crm.Record{"Note_Content": "Signed"}); err != nil {
		t.Fatal(err)
	}
	n, err := c.Note(ctx, "Deals", id, noteID)
	if err != nil || n["Note_Content"] != "Signed" {
		t.Fatalf("note after update %v %v", n, err)
	}
	all, _, err := c.Notes(ctx, "", "", crm.PageOptions{PerPage: 10})
	if err != nil || len(all) != 1 {
		t.Fatalf("org-wide notes %v %v", all, err)
	}
	if o, err := c.DeleteNote(ctx, "Deals", id, noteID); err != nil || o.Code != "SUCCESS" || o.ID != noteID {
		t.Fatalf("delete %+v %v", o, err)
	}
	if n, err := c.Note(ctx, "", "", noteID); n != nil || err != nil {
		t.Fatalf("deleted note: %v %v, want nil, nil", n, err)
	}
}

func TestAttachmentsAndPhotos(t *testing.T) {
	sb, c := startSandbox(t)
	ctx := t.Context()
	id := sb.Server.Records("Accounts")[0]["id"].(string)
	o, err := c.UploadAttachment(ctx, "Accounts", id, "/tmp/dir/price list.csv", []byte("sku,price\n1,2\n"))
	if err != nil || o.ID == "" {
		t.Fatalf("upload %+v %v", o, err)
	}
	if _, err := c.AttachLink(ctx, "Accounts", id, "https://example.com/a?b=c&d=e"); err != nil {
		t.Fatal(err)
	}
	list, _, err := c.Attachments(ctx, "Accounts", id, crm.PageOptions{})
	if err != nil || len(list) != 2 || list[0]["File_Name"] != "price list.csv" || list[1]["$link_url"] != "https://example.com/a?b=c&d=e" {
		t.Fatalf("list %v %v", list, err)
	}
	d, err := c.DownloadAttachment(ctx, "Accounts", id, o.ID)
	if err != nil || d.Filename != "price list.csv" || string(d.Data) != "sku,price\n1,2\n" {
		t.Fatalf("download %+v %v", d, err)
	}
	dir := t.TempDir()
	path, err := crm.SaveDownload(d, dir, "fallback.bin")
	if err != nil || path != filepath.Join(dir, "price list.csv") {
		t.Fatalf("save into dir: %s %v", path, err)
	}
	if b, _ := os.ReadFile(path); string(b) != "sku,price\n1,2\n" {
		t.Fatalf("saved %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("temporary files left behind: %v", entries)
	}
	missing := filepath.Join(dir, "no-such-dir", "x.csv")
	if _, err := crm.SaveDownload(d, missing, ""); err == nil || !strings.Contains(err.Error(), "saving "+missing+": ") || strings.Contains(err.Error(), ".tmp") {
		t.Fatalf("save into a missing directory: %v", err)
	}
	if _, err := c.DeleteAttachment(ctx, "Accounts", id, o.ID); err != nil {
		t.Fatal(err)
	}
	_, err = c.DownloadAttachment(ctx, "Accounts", id, o.ID)
	wantZohoError(t, err, "INVALID_DATA")

	if p, err := c.Photo(ctx, "Accounts", id); p != nil || err != nil {
		t.Fatalf("no photo yet: %v %v", p, err)
	}
	gif := []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")
	if err := c.UploadPhoto(ctx, "Accounts", id, "logo.gif", gif); err != nil {
		t.Fatal(err)
	}
	p, err := c.Photo(ctx, "Accounts", id)
	if err != nil || string(p.Data) != string(gif) || p.ContentType != "image/gif" {
		t.Fatalf("photo %+v %v", p, err)
	}
	if err := c.DeletePhoto(ctx, "Accounts", id); err != nil {
		t.Fatal(err)
	}
	wantZohoError(t, c.DeletePhoto(ctx, "Accounts", id), "INVALID_DATA")
}

func TestDispositionFilename(t *testing.T) {
	cases := map[string]string{
		`attachment;filename="a b.pdf"`:                     "a b.pdf",
		`attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.txt`: "résumé.txt",
		`attachment;filename="../../etc/passwd"`:            "passwd",
		`attachment;filename=UTF-8''x y.doc`:                "x y.doc",
		``:                                                  "",
	}
	for h, want := range cases {
		if got := crm.DispositionFilename(h); got != want {
			t.Errorf("DispositionFilename(%q) = %q, want %q", h, got, want)
		}
	}
}

func TestMetadataCalls(t *testing.T) {
	_, c := startSandbox(t)
	ctx := t.Context()
	fields, err := c.Fields(ctx, "Contacts")
	if err != nil || len(fields) == 0 {
		t.Fatalf("fields %v %v", fields, err)
	}
	f, err := c.Field(ctx, "Contacts", fields[0]["id"].(string))
	if err != nil || f["api_name"] != fields[0]["api_name"] {
		t.Fatalf("field %v %v", f, err)
	}
	if f, err := c.Field(ctx, "Contacts", "1"); f != nil || err != nil {
		t.Fatalf("unknown field %v %v", f, err)
	}
	_, err = c.Fields(ctx, "Nope")
	wantZohoError(t, err, "INVALID_MODULE")
	layouts, err := c.Layouts(ctx, "Leads")
	if err != nil || len(layouts) != 1 {
		t.Fatalf("layouts %v %v", layouts, err)
	}
	if l, err := c.Layout(ctx, "Leads", layouts[0]["id"].(string)); err != nil || l["name"] != "Standard" {
		t.Fatalf("layout %v %v", l, err)
	}
	views, err := c.CustomViews(ctx, "Leads")
	if err != nil || len(views) < 2 {
		t.Fatalf("views %v %v", views, err)
	}
	if v, err := c.CustomView(ctx, "Leads", views[1]["id"].(string)); err != nil || v["name"] != views[1]["name"] {
		t.Fatalf("view %v %v", v, err)
	}
	rl, err := c.RelatedLists(ctx, "Contacts")
	if err != nil || len(rl) < 3 {
		t.Fatalf("related lists %v %v", rl, err)
	}
	users, info, err := c.Users(ctx, crm.UsersOptions{Type: "AllUsers", PerPage: 2, Page: 2})
	if err != nil || len(users) != 2 || info.Page != 2 || !info.MoreRecords {
		t.Fatalf("users page 2: %v %+v %v", users, info, err)
	}
	me, _, err := c.Users(ctx, crm.UsersOptions{Type: "CurrentUser"})
	if err != nil || len(me) != 1 {
		t.Fatalf("current user %v %v", me, err)
	}
	if u, err := c.User(ctx, me[0]["id"].(string)); err != nil || u["email"] != me[0]["email"] {
		t.Fatalf("user %v %v", u, err)
	}
	org, err := c.Org(ctx)
	if err != nil || !strings.Contains(org["company_name"].(string), "Zylker") {
		t.Fatalf("org %v %v", org, err)
	}
	roles, err := c.Roles(ctx)
	if err != nil || len(roles) == 0 {
		t.Fatalf("roles %v %v", roles, err)
	}
	if r, err := c.Role(ctx, roles[0]["id"].(string)); err != nil || r["name"] != roles[0]["name"] {
		t.Fatalf("role %v %v", r, err)
	}
	profiles, err := c.Profiles(ctx)
	if err != nil || len(profiles) == 0 {
		t.Fatalf("profiles %v %v", profiles, err)
	}
	if p, err := c.Profile(ctx, profiles[0]["id"].(string)); err != nil || p["name"] != profiles[0]["name"] {
		t.Fatalf("profile %v %v", p, err)
	}
	tags, err := c.Tags(ctx, "Deals")
	if err != nil || len(tags) == 0 {
		t.Fatalf("tags %v %v", tags, err)
	}
}

func TestExecuteFunction(t *testing.T) {
	_, c := startSandbox(t)
	ctx := t.Context()
	for _, m := range []string{"GET", "POST"} {
		r, err := c.ExecuteFunction(ctx, "greet", map[string]any{"name": "Zoë & co"}, m)
		if err != nil || r.Output() != "Hello, Zoë & co!" || r.Code != "success" {
			t.Fatalf("%s greet: %+v %v", m, r, err)
		}
	}
	r, err := c.ExecuteFunction(ctx, "count_records", map[string]any{"module": "Accounts"}, "")
	if err != nil || r.Output() != "300" {
		t.Fatalf("count_records: %+v %v", r, err)
	}
	_, err = c.ExecuteFunction(ctx, "greet", nil, "GET")
	wantZohoError(t, err, "failure_in_execution")
	if _, err := c.ExecuteFunction(ctx, "greet", nil, "PATCH"); err == nil {
		t.Fatal("PATCH accepted")
	}
}

func TestRawReturnsAnyStatus(t *testing.T) {
	_, c := startSandbox(t)
	resp, err := c.Raw(t.Context(), crm.Request{Method: http.MethodGet, Path: "/Leads", Query: map[string][]string{"page": {"11"}}})
	if err != nil || resp.Status != http.StatusBadRequest || !strings.Contains(string(resp.Body), "DISCRETE_PAGINATION_LIMIT_EXCEEDED") {
		t.Fatalf("raw 400: %+v %v", resp, err)
	}
	_, err = c.Do(context.Background(), crm.Request{Method: http.MethodGet, Path: "/Leads", Query: map[string][]string{"page": {"11"}}})
	wantZohoError(t, err, "DISCRETE_PAGINATION_LIMIT_EXCEEDED")
}
