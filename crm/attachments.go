package crm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/zcrmrun/zcrmrun/atomicfile"
)

// Download is a file Zoho sent: the bytes and the name from its
// Content-Disposition header.
type Download struct {
	Filename    string // base name only; empty when Zoho named none
	ContentType string
	Data        []byte
}

func attachmentsPath(module, id string) string {
	return "/" + url.PathEscape(module) + "/" + url.PathEscape(id) + "/Attachments"
}

func photoPath(module, id string) string {
	return "/" + url.PathEscape(module) + "/" + url.PathEscape(id) + "/photo"
}

// MultipartFile builds the body Zoho's upload endpoints take: one part
// named "file" whose filename is the base name of name.
func MultipartFile(name string, data []byte) (Payload, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", filepath.Base(name))
	if err != nil {
		return Payload{}, err
	}
	fw.Write(data)
	if err := mw.Close(); err != nil {
		return Payload{}, err
	}
	return Payload{ContentType: mw.FormDataContentType(), Data: buf.Bytes()}, nil
}

// Attachments lists one page of a record's attachments.
func (c *Client) Attachments(ctx context.Context, module, id string, o PageOptions) ([]Record, Info, error) {
	return c.listPage(ctx, attachmentsPath(module, id), o.query())
}

// UploadAttachment attaches data to a record under the file name name.
func (c *Client) UploadAttachment(ctx context.Context, module, id, name string, data []byte) (Outcome, error) {
	body, err := MultipartFile(name, data)
	if err != nil {
		return Outcome{}, err
	}
	return firstOutcome(c.write(ctx, Request{Method: http.MethodPost, Path: attachmentsPath(module, id), Body: body}))
}

// AttachLink attaches a URL to a record.
func (c *Client) AttachLink(ctx context.Context, module, id, link string) (Outcome, error) {
	return firstOutcome(c.write(ctx, Request{Method: http.MethodPost, Path: attachmentsPath(module, id), Query: url.Values{"attachmentUrl": {link}}}))
}

// DeleteAttachment removes an attachment from a record.
func (c *Client) DeleteAttachment(ctx context.Context, module, id, attachmentID string) (Outcome, error) {
	return firstOutcome(c.write(ctx, Request{Method: http.MethodDelete, Path: attachmentsPath(module, id) + "/" + url.PathEscape(attachmentID)}))
}

// DownloadAttachment fetches an attachment's bytes.
func (c *Client) DownloadAttachment(ctx context.Context, module, id, attachmentID string) (*Download, error) {
	return c.download(ctx, attachmentsPath(module, id)+"/"+url.PathEscape(attachmentID))
}

// Photo fetches a record's photo; nil when it has none.
func (c *Client) Photo(ctx context.Context, module, id string) (*Download, error) {
	return c.download(ctx, photoPath(module, id))
}

// UploadPhoto sets a record's photo.
func (c *Client) UploadPhoto(ctx context.Context, module, id, name string, data []byte) error {
	body, err := MultipartFile(name, data)
	if err != nil {
		return err
	}
	_, err = c.Do(ctx, Request{Method: http.MethodPost, Path: photoPath(module, id), Body: body})
	return err
}

// DeletePhoto removes a record's photo.
func (c *Client) DeletePhoto(ctx context.Context, module, id string) error {
	_, err := c.Do(ctx, Request{Method: http.MethodDelete, Path: photoPath(module, id)})
	return err
}

func (c *Client) download(ctx context.Context, path string) (*Download, error) {
	resp, err := c.Do(ctx, Request{Method: http.MethodGet, Path: path, Binary: true})
	if err != nil || resp.Status == http.StatusNoContent {
		return nil, err
	}
	ct := resp.Header.Get("Content-Type")
	if strings.HasPrefix(ct, "application/json") && json.Valid(resp.Body) {
		return nil, decodeError(resp) // an error envelope sent with 200
	}
	return &Download{Filename: DispositionFilename(resp.Header.Get("Content-Disposition")), ContentType: ct, Data: resp.Body}, nil
}

// DispositionFilename extracts the file name of a Content-Disposition
// header (filename or filename*), reduced to a base name so a hostile
// name cannot point outside the directory it is saved in.
func DispositionFilename(h string) string {
	if h == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(h)
	name := params["filename"]
	if err != nil {
		// the seed SDK's lenient reading: whatever follows filename=
		if _, after, ok := strings.Cut(h, "filename="); ok {
			name = strings.Trim(strings.TrimPrefix(after, "UTF-8''"), `"; `)
		}
	}
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	if name == "." || name == "/" || name == ".." {
		return ""
	}
	return name
}

// DataFileMode is the mode of files holding CRM data that zcrmrun writes:
// attachment and photo downloads, CSV exports. Records are personal data
// (names, emails, phones), so only the owner may read them, whatever the
// umask; sharing one is a deliberate chmod. A file written over gets this
// mode too, as it is replaced, not rewritten.
const DataFileMode os.FileMode = 0o600

// SaveDownload writes d to dest atomically (a temporary file renamed into
// place). When dest is an existing directory the file goes there under
// d.Filename, or fallback when Zoho sent no name. The file gets
// DataFileMode. It returns the path written.
func SaveDownload(d *Download, dest, fallback string) (string, error) {
	if fi, err := os.Stat(dest); err == nil && fi.IsDir() {
		name := d.Filename
		if name == "" {
			name = fallback
		}
		dest = filepath.Join(dest, name)
	}
	if err := atomicfile.Write(dest, d.Data, DataFileMode); err != nil {
		return "", fmt.Errorf("saving %s: %w", dest, errors.Unwrap(err))
	}
	return dest, nil
}
