package crmsim

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http"
	"strings"
	"testing"
)

func TestNotesEndpoints(t *testing.T) {
	s := startSurfaceSim(t, Options{})
	lead := s.srv.Records("Leads")[3]
	leadID := lead["id"].(string)
	status, body := s.json(t, http.MethodPost, "/Leads/"+leadID+"/Notes", map[string]any{"data": []any{
		map[string]any{"Note_Title": "Call", "Note_Content": "Wants a demo"},
		map[string]any{"Note_Title": "Empty"},
	}})
	if status != http.StatusMultiStatus {
		t.Fatalf("mixed create: status %d, want 207 (%v)", status, body)
	}
	results := body["data"].([]any)
	ok, bad := results[0].(map[string]any), results[1].(map[string]any)
	if ok["code"] != "SUCCESS" || bad["code"] != "MANDATORY_NOT_FOUND" {
		t.Fatalf("results %v", results)
	}
	noteID := ok["details"].(map[string]any)["id"].(string)

	_, body = s.json(t, http.MethodGet, "/Leads/"+leadID+"/Notes", nil)
	note := firstData(t, body)
	if note["id"] != noteID || note["$se_module"] != "Leads" || note["Parent_Id"].(map[string]any)["id"] != leadID {
		t.Fatalf("listed note %v", note)
	}
	if note["Parent_Id"].(map[string]any)["name"] != lead["Full_Name"] {
		t.Fatalf("Parent_Id.name = %v, want %v", note["Parent_Id"], lead["Full_Name"])
	}

	// org-wide create names the parent in the body
	status, body = s.json(t, http.MethodPost, "/Notes", map[string]any{"data": []any{
		map[string]any{"Note_Content": "org-wide", "Parent_Id": leadID, "se_module": "Leads"}}})
	if status != http.StatusCreated {
		t.Fatalf("org-wide create: %d %v", status, body)
	}
	status, body = s.json(t, http.MethodPut, "/Notes/"+noteID, map[string]any{"data": []any{map[string]any{"Note_Content": "Demo booked"}}})
	if status != http.StatusOK || firstData(t, body)["message"] != "record updated" {
		t.Fatalf("update: %d %v", status, body)
	}
	_, body = s.json(t, http.MethodGet, "/Notes/"+noteID, nil)
	if got := firstData(t, body)["Note_Content"]; got != "Demo booked" {
		t.Fatalf("after update Note_Content = %v", got)
	}
	_, body = s.json(t, http.MethodGet, "/Notes", nil)
	if n := len(body["data"].([]any)); n != 2 {
		t.Fatalf("org-wide list has %d notes, want 2", n)
	}
	status, _ = s.json(t, http.MethodDelete, "/Leads/"+leadID+"/Notes/"+noteID, nil)
	if status != http.StatusOK {
		t.Fatalf("delete status %d", status)
	}
	status, body = s.json(t, http.MethodGet, "/Notes/"+noteID, nil)
	if status != http.StatusBadRequest {
		t.Fatalf("get after delete: %d %v", status, body)
	}
	wantCode(t, body, "INVALID_DATA")
	// /Notes/deleted and /Notes/search are record calls, not note ids
	if status, body := s.json(t, http.MethodGet, "/Notes/search", nil); status == http.StatusBadRequest && body["message"] == "the id given seems to be invalid" {
		t.Fatalf("/Notes/search was taken for a note id")
	}
	status, body = s.json(t, http.MethodGet, "/Leads/1234/Notes", nil)
	if status != http.StatusBadRequest {
		t.Fatalf("unknown parent: %d", status)
	}
	status, body = s.json(t, http.MethodPost, "/Notes", map[string]any{"data": make([]any, 101)})
	if status != http.StatusBadRequest {
		t.Fatalf("101 notes: %d", status)
	}
	wantCode(t, body, "LIMIT_EXCEEDED")
}

func TestAttachmentEndpoints(t *testing.T) {
	s := startSurfaceSim(t, Options{MaxUploadBytes: 1024})
	id := s.srv.Records("Contacts")[0]["id"].(string)
	base := "/Contacts/" + id + "/Attachments"
	content := []byte("%PDF-1.4 quarterly report")
	status, body := s.upload(t, base, `C:\docs\q3 report.pdf`, content)
	if status != http.StatusOK || firstData(t, body)["message"] != "attachment uploaded successfully" {
		t.Fatalf("upload: %d %v", status, body)
	}
	attID := firstData(t, body)["details"].(map[string]any)["id"].(string)

	_, body = s.json(t, http.MethodGet, base, nil)
	att := firstData(t, body)
	if att["File_Name"] != "q3 report.pdf" || att["Size"] != "25" || att["$se_module"] != "Contacts" {
		t.Fatalf("listed attachment %v", att)
	}
	status, hdr, raw := s.do(t, http.MethodGet, base+"/"+attID, "", nil)
	if status != http.StatusOK || !bytes.Equal(raw, content) {
		t.Fatalf("download: %d %q", status, raw)
	}
	_, params, err := mime.ParseMediaType(hdr.Get("Content-Disposition"))
	if err != nil || params["filename"] != "q3 report.pdf" {
		t.Fatalf("Content-Disposition %q", hdr.Get("Content-Disposition"))
	}
	if ct := hdr.Get("Content-Type"); strings.Contains(ct, "json") {
		t.Fatalf("download Content-Type %q", ct)
	}

	status, body = s.upload(t, base, "big.bin", bytes.Repeat([]byte("x"), 1025))
	if status != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized upload: %d", status)
	}
	wantCode(t, body, "FILE_SIZE_MORE_THAN_ALLOWED_SIZE")

	status, _, raw = s.do(t, http.MethodPost, base+"?attachmentUrl=https%3A%2F%2Fexample.com%2Fspec.html", "", nil)
	if status != http.StatusOK {
		t.Fatalf("link upload: %d %s", status, raw)
	}
	_, body = s.json(t, http.MethodGet, base, nil)
	if n := len(body["data"].([]any)); n != 2 {
		t.Fatalf("%d attachments, want 2", n)
	}
	status, _ = s.json(t, http.MethodDelete, base+"/"+attID, nil)
	if status != http.StatusOK {
		t.Fatalf("delete: %d", status)
	}
	status, body = s.json(t, http.MethodGet, base+"/"+attID, nil)
	if status != http.StatusBadRequest {
		t.Fatalf("download after delete: %d", status)
	}
}

func TestPhotoEndpoints(t *testing.T) {
	s := startSurfaceSim(t, Options{})
	path := "/Leads/" + s.srv.Records("Leads")[0]["id"].(string) + "/photo"
	if status, _, _ := s.do(t, http.MethodGet, path, "", nil); status != http.StatusNoContent {
		t.Fatalf("no photo yet: %d", status)
	}
	if status, body := s.upload(t, path, "notes.txt", []byte("plain text")); status != http.StatusBadRequest {
		t.Fatalf("non-image: %d %v", status, body)
	}
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 32)...)
	status, body := s.upload(t, path, "me.png", png)
	if status != http.StatusOK || body["message"] != "photo uploaded successfully" {
		t.Fatalf("upload: %d %v", status, body)
	}
	status, hdr, raw := s.do(t, http.MethodGet, path, "", nil)
	if status != http.StatusOK || !bytes.Equal(raw, png) || hdr.Get("Content-Type") != "image/png" || hdr.Get("Content-Disposition") == "" {
		t.Fatalf("download: %d %v", status, hdr)
	}
	if status, _ := s.json(t, http.MethodDelete, path, nil); status != http.StatusOK {
		t.Fatalf("delete: %d", status)
	}
}

func TestSettingsEndpoints(t *testing.T) {
	s := startSurfaceSim(t, Options{})
	list := func(path, key string) []any {
		t.Helper()
		status, body := s.json(t, http.MethodGet, path, nil)
		if status != http.StatusOK {
			t.Fatalf("GET %s: %d %v", path, status, body)
		}
		items, _ := body[key].([]any)
		if len(items) == 0 {
			t.Fatalf("GET %s: no %s in %v", path, key, body)
		}
		return items
	}
	one := func(path, key, id string) map[string]any {
		t.Helper()
		items := list(path, key)
		if len(items) != 1 || items[0].(map[string]any)["id"] != id {
			t.Fatalf("GET %s: %v, want the one item %s", path, items, id)
		}
		return items[0].(map[string]any)
	}
	fields := list("/settings/fields?module=Leads", "fields")
	var status map[string]any
	for _, f := range fields {
		if f.(map[string]any)["api_name"] == "Lead_Status" {
			status = f.(map[string]any)
		}
	}
	if status == nil || len(status["pick_list_values"].([]any)) != len(leadStatuses)+1 {
		t.Fatalf("Lead_Status field %v", status)
	}
	one("/settings/fields/"+status["id"].(string)+"?module=Leads", "fields", status["id"].(string))
	for _, f := range list("/settings/fields?module=Contacts", "fields") {
		if f := f.(map[string]any); f["api_name"] == "Account_Name" {
			if lk, _ := f["lookup"].(map[string]any); lk["module"] != "Accounts" || f["json_type"] != "jsonobject" {
				t.Fatalf("Account_Name lookup %v", f)
			}
		}
	}

	layout := list("/settings/layouts?module=Deals", "layouts")[0].(map[string]any)
	one("/settings/layouts/"+layout["id"].(string)+"?module=Deals", "layouts", layout["id"].(string))

	views := list("/settings/custom_views?module=Leads", "custom_views")
	cv := views[1].(map[string]any)
	one("/settings/custom_views/"+cv["id"].(string)+"?module=Leads", "custom_views", cv["id"].(string))

	var related []string
	for _, r := range list("/settings/related_lists?module=Accounts", "related_lists") {
		related = append(related, r.(map[string]any)["api_name"].(string))
	}
	if strings.Join(related, ",") != "Notes,Attachments,Contacts,Deals" {
		t.Fatalf("Accounts related lists %v", related)
	}

	users := list("/users?type=ActiveUsers", "users")
	if len(users) != 4 {
		t.Fatalf("%d active users, want 4", len(users))
	}
	u := users[0].(map[string]any)
	one("/users/"+u["id"].(string), "users", u["id"].(string))
	if cur := list("/users?type=CurrentUser", "users"); len(cur) != 1 || cur[0].(map[string]any)["id"] != u["id"] {
		t.Fatalf("CurrentUser %v, want the granting user %v", cur, u["id"])
	}
	roles := list("/settings/roles", "roles")
	role := u["role"].(map[string]any)
	one("/settings/roles/"+role["id"].(string), "roles", role["id"].(string))
	if len(roles) != 3 {
		t.Fatalf("%d roles", len(roles))
	}
	profile := u["profile"].(map[string]any)
	one("/settings/profiles/"+profile["id"].(string), "profiles", profile["id"].(string))
	org := list("/org", "org")[0].(map[string]any)
	if org["company_name"] == "" || org["primary_email"] != u["email"] {
		t.Fatalf("org %v", org)
	}
	tags := list("/settings/tags?module=Leads", "tags")
	if len(tags) != len(seedTags) {
		t.Fatalf("tags %v", tags)
	}
	code, body := s.json(t, http.MethodGet, "/settings/fields", nil)
	if code != http.StatusBadRequest {
		t.Fatalf("fields without module: %d", code)
	}
	wantCode(t, body, "REQUIRED_PARAM_MISSING")
	code, body = s.json(t, http.MethodGet, "/settings/layouts/1?module=Leads", nil)
	if code != http.StatusBadRequest {
		t.Fatalf("unknown layout: %d", code)
	}
	// the module metadata route still answers next to /{module}/{id}/Notes
	one("/settings/modules/Notes", "modules", s.srv.crm.module("Notes").ID)
}

func TestFunctionEndpoints(t *testing.T) {
	s := startSurfaceSim(t, Options{})
	status, body := s.json(t, http.MethodGet, "/functions/greet/actions/execute?auth_type=oauth&name=Ada", nil)
	if status != http.StatusOK || body["details"].(map[string]any)["output"] != "Hello, Ada!" {
		t.Fatalf("GET greet: %d %v", status, body)
	}
	status, body = s.json(t, http.MethodPost, "/functions/count_records/actions/execute?auth_type=oauth", map[string]any{"arguments": map[string]any{"module": "Deals"}})
	if status != http.StatusOK || body["details"].(map[string]any)["output"] != "20" {
		t.Fatalf("POST count_records: %d %v", status, body)
	}
	status, body = s.json(t, http.MethodGet, "/functions/greet/actions/execute", nil)
	if status != http.StatusBadRequest {
		t.Fatalf("no auth_type: %d", status)
	}
	status, body = s.json(t, http.MethodGet, "/functions/nope/actions/execute?auth_type=oauth", nil)
	if status != http.StatusBadRequest {
		t.Fatalf("unknown function: %d", status)
	}
	wantCode(t, body, "INVALID_DATA")
}

func TestStateKeepsNotesAttachmentsAndPhotos(t *testing.T) {
	s := startSurfaceSim(t, Options{})
	id := s.srv.Records("Deals")[2]["id"].(string)
	s.json(t, http.MethodPost, "/Deals/"+id+"/Notes", map[string]any{"data": []any{map[string]any{"Note_Content": "kept"}}})
	_, body := s.upload(t, "/Deals/"+id+"/Attachments", "terms.txt", []byte("net 30"))
	attID := firstData(t, body)["details"].(map[string]any)["id"].(string)
	gif := []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")
	s.upload(t, "/Deals/"+id+"/photo", "p.gif", gif)

	path := t.TempDir() + "/state.json"
	if err := s.srv.SaveState(path); err != nil {
		t.Fatal(err)
	}
	back := New(Options{})
	if err := back.LoadState(path); err != nil {
		t.Fatal(err)
	}
	if err := back.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	s2 := &surfaceSim{srv: back, token: s.token} // access tokens survive a restart
	if _, body := s2.json(t, http.MethodGet, "/Deals/"+id+"/Notes", nil); firstData(t, body)["Note_Content"] != "kept" {
		t.Fatalf("notes after restart: %v", body)
	}
	if status, _, raw := s2.do(t, http.MethodGet, "/Deals/"+id+"/Attachments/"+attID, "", nil); status != http.StatusOK || string(raw) != "net 30" {
		t.Fatalf("attachment after restart: %d %q", status, raw)
	}
	if status, _, raw := s2.do(t, http.MethodGet, "/Deals/"+id+"/photo", "", nil); status != http.StatusOK || !bytes.Equal(raw, gif) {
		t.Fatalf("photo after restart: %d", status)
	}
}

// TestAttachmentUploadOddNames sends file names as clients put them on the
// wire, raw: a bare '"' (which mime cannot parse) is kept, a NUL in the
// part header (which the multipart reader refuses) is INVALID_DATA naming
// the malformed body, not "no file given", and control characters never
// reach the stored name.
func TestAttachmentUploadOddNames(t *testing.T) {
	s := startSurfaceSim(t, Options{})
	base := "/Contacts/" + s.srv.Records("Contacts")[0]["id"].(string) + "/Attachments"
	raw := func(disposition string) (int, map[string]any) {
		body := "--B\r\nContent-Disposition: " + disposition + "\r\nContent-Type: text/plain\r\n\r\nhello\r\n--B--\r\n"
		status, _, out := s.do(t, http.MethodPost, base, "multipart/form-data; boundary=B", strings.NewReader(body))
		var m map[string]any
		if err := json.Unmarshal(out, &m); err != nil {
			t.Fatalf("reply is not JSON: %q", out)
		}
		return status, m
	}
	storedName := func(body map[string]any) any {
		t.Helper()
		id := firstData(t, body)["details"].(map[string]any)["id"]
		_, list := s.json(t, http.MethodGet, base, nil)
		for _, a := range list["data"].([]any) {
			if a := a.(map[string]any); a["id"] == id {
				return a["File_Name"]
			}
		}
		t.Fatalf("attachment %v not listed", id)
		return nil
	}
	status, body := raw(`form-data; name="file"; filename="say "hi".txt"`)
	if status != http.StatusOK {
		t.Fatalf("bare quote: %d %v", status, body)
	}
	if got := storedName(body); got != `say "hi".txt` {
		t.Fatalf("bare quote stored as %q", got)
	}
	for name, disposition := range map[string]string{
		"NUL":       "form-data; name=\"file\"; filename=\"a\x00b.txt\"",
		"bare CRLF": "form-data; name=\"file\"; filename=\"a\r\nb.txt\"",
	} {
		status, body := raw(disposition)
		if status != http.StatusBadRequest || body["code"] != "INVALID_DATA" ||
			!strings.Contains(body["message"].(string), "malformed") || body["details"].(map[string]any)["param_name"] != "file" {
			t.Errorf("%s: %d %v, want 400 INVALID_DATA naming the malformed file part", name, status, body)
		}
	}
	// A tab is legal in a header, never in a stored name.
	status, body = raw("form-data; name=\"file\"; filename=\"tab\there.txt\"")
	if status != http.StatusOK {
		t.Fatalf("tab: %d %v", status, body)
	}
	if got := storedName(body); got != "tabhere.txt" {
		t.Fatalf("tab stored as %q", got)
	}
	status, body = raw(`form-data; name="file"; filename="   "`)
	if status != http.StatusBadRequest || body["code"] != "INVALID_DATA" {
		t.Errorf("blank name: %d %v, want INVALID_DATA", status, body)
	}
	status, body = raw(`form-data; name="other"; filename="x.txt"`)
	if status != http.StatusBadRequest || body["code"] != "REQUIRED_PARAM_MISSING" {
		t.Errorf("no file part: %d %v, want REQUIRED_PARAM_MISSING", status, body)
	}
}
