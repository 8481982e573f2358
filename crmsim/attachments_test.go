package crmsim_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/zcrmrun/zcrmrun/crmsim"
)

// postMultipart sends fields (name, value) and at most one file part.
func (a *api) postMultipart(path string, fields [][2]string, fileName, fileType, content string) simReply {
	a.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, f := range fields {
		mw.WriteField(f[0], f[1])
	}
	if fileName != "" {
		h := make(map[string][]string)
		h["Content-Disposition"] = []string{`form-data; name="file"; filename="` + fileName + `"`}
		h["Content-Type"] = []string{fileType}
		pw, err := mw.CreatePart(h)
		if err != nil {
			a.t.Fatal(err)
		}
		io.WriteString(pw, content)
	}
	mw.Close()
	return a.do("POST", path, body.String(), "Content-Type", mw.FormDataContentType())
}

// A link attachment may come as a multipart field, as Zoho's docs and
// SDKs (attachmentUrl) send it, not only in the query string.
func TestLinkAttachmentAsMultipartField(t *testing.T) {
	a := startSim(t, crmsim.SeedCounts{}, crmsim.Options{})
	id := a.createLeads("Linked")[0]
	r := a.postMultipart("/Leads/"+id+"/Attachments", [][2]string{{"attachmentUrl", "https://example.com/spec.pdf"}}, "", "", "")
	r.want(t, http.StatusOK, "")
	list := a.do("GET", "/Leads/"+id+"/Attachments", "")
	list.want(t, http.StatusOK, "")
	got := list.data(t)
	if len(got) != 1 || got[0]["$link_url"] != "https://example.com/spec.pdf" || got[0]["$type"] != "Link URL" {
		t.Fatalf("link attachment: %v", got)
	}
}

// Downloads must read as files in Zoho's SDKs: nodejs-sdk-8.0 decodes a
// JSON Content-Type instead of saving it, and takes the name from the
// quoted filename= form (after the last '=', quotes removed), so a
// non-ASCII name must come as it is there, not only percent-encoded.
func TestDownloadsReadAsFilesInZohoSDKs(t *testing.T) {
	a := startSim(t, crmsim.SeedCounts{}, crmsim.Options{})
	id := a.createLeads("Downloaded")[0]
	for _, name := range []string{"notes.txt", "Résumé 2026.json"} {
		up := a.postMultipart("/Leads/"+id+"/Attachments", nil, name, "application/json", `{"looks":"like json"}`)
		up.want(t, http.StatusOK, "")
		attID := details(up.data(t)[0])["id"].(string)

		req, _ := http.NewRequestWithContext(t.Context(), "GET", a.srv.URL()+"/crm/v2/Leads/"+id+"/Attachments/"+attID, nil)
		req.Header.Set("Authorization", "Zoho-oauthtoken "+a.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || string(body) != `{"looks":"like json"}` {
			t.Fatalf("%s: HTTP %d %q", name, resp.StatusCode, body)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/octet-stream" {
			t.Errorf("%s: Content-Type %q, want a binary type", name, ct)
		}
		cd := resp.Header.Get("Content-Disposition")
		// nodejs-sdk-8.0 utils/util/downloader.js, for a header without "'".
		if strings.Contains(cd, "'") || !strings.Contains(cd, `"`) {
			t.Fatalf("%s: Content-Disposition %q has no quoted filename", name, cd)
		}
		if got := strings.ReplaceAll(cd[strings.LastIndex(cd, "=")+1:], `"`, ""); got != name {
			t.Errorf("%s: Content-Disposition %q reads as %q in Zoho's SDK", name, cd, got)
		}
	}
}
