package crmsim

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// attachment is a stored file or link attached to a record.
type attachment struct {
	meta        record // what the list shows
	parentID    string
	contentType string
	data        []byte // nil for links
}

type photo struct {
	contentType string
	data        []byte
}

// fileStore keeps attachment and photo bytes in memory.
type fileStore struct {
	attachments []*attachment // in upload order
	photos      map[string]*photo
}

func (s *Server) routeAttachments(mux *http.ServeMux) {
	mux.HandleFunc("GET /crm/v2/{module}/{id}/Attachments", s.handleAttachmentsList)
	mux.HandleFunc("POST /crm/v2/{module}/{id}/Attachments", s.handleAttachmentUpload)
	mux.HandleFunc("DELETE /crm/v2/{module}/{id}/Attachments", s.handleAttachmentsDelete)
	mux.HandleFunc("GET /crm/v2/{module}/{id}/Attachments/{att_id}", s.handleAttachmentDownload)
	mux.HandleFunc("DELETE /crm/v2/{module}/{id}/Attachments/{att_id}", s.handleAttachmentDelete)
	mux.HandleFunc("GET /crm/v2/{module}/{id}/photo", s.handlePhotoGet)
	mux.HandleFunc("POST /crm/v2/{module}/{id}/photo", s.handlePhotoUpload)
	mux.HandleFunc("DELETE /crm/v2/{module}/{id}/photo", s.handlePhotoDelete)
}

var errTooLarge = errors.New("file too large")

// uploadError values say why readUpload found no usable file part.
var (
	errNoFilePart = errors.New("no part named file")
	errEmptyName  = errors.New("the file name is empty")
)

// malformedUpload is a multipart body the reader cannot take apart, such
// as a part header holding a NUL or a bare line break.
type malformedUpload struct{ err error }

func (e *malformedUpload) Error() string { return "the multipart body is malformed: " + e.err.Error() }

// readUpload reads the multipart part named "file" up to limit bytes.
// Its file name is reduced to a base name without control characters
// (fileBaseName); a Content-Disposition that mime cannot parse, such as a
// filename holding a bare '"', is read leniently instead of losing the part.
// A form field attachmentUrl met before any file part is returned as link
// instead: Zoho takes a link attachment as a query parameter or a field.
func readUpload(r *http.Request, limit int64) (name, contentType string, data []byte, link string, err error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return "", "", nil, "", err
	}
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return "", "", nil, "", errNoFilePart
		}
		if err != nil {
			return "", "", nil, "", &malformedUpload{err}
		}
		form, file := p.FormName(), p.FileName()
		if form == "" {
			form, file = lenientDisposition(p.Header.Get("Content-Disposition"))
		}
		if form == "attachmentUrl" {
			v, err := io.ReadAll(io.LimitReader(p, 4096))
			if err != nil {
				return "", "", nil, "", &malformedUpload{err}
			}
			if s := strings.TrimSpace(string(v)); s != "" {
				return "", "", nil, s, nil
			}
			continue
		}
		if form != "file" {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(p, limit+1))
		if err != nil {
			return "", "", nil, "", &malformedUpload{err}
		}
		if int64(len(data)) > limit {
			return "", "", nil, "", errTooLarge
		}
		if name = fileBaseName(file); name == "" {
			return "", "", nil, "", errEmptyName
		}
		return name, p.Header.Get("Content-Type"), data, "", nil
	}
}

// lenientDisposition reads name and filename from a form-data
// Content-Disposition that mime.ParseMediaType refuses: each runs from
// its '=' to the next "; " (name) or to the end (filename), quotes
// trimmed, so a filename holding '"' or ';' survives whole.
func lenientDisposition(h string) (name, filename string) {
	_, rest, ok := strings.Cut(h, ";")
	if !ok {
		return "", ""
	}
	if i := strings.Index(rest, "filename="); i >= 0 {
		filename = strings.TrimSpace(rest[i+len("filename="):])
		if len(filename) >= 2 && filename[0] == '"' && filename[len(filename)-1] == '"' {
			filename = filename[1 : len(filename)-1]
		}
		rest = rest[:i]
	}
	for _, kv := range strings.Split(rest, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(kv), "=")
		if strings.EqualFold(k, "name") {
			name = strings.Trim(v, `"`)
		}
	}
	return name, filename
}

// fileBaseName is the name an upload is stored under: the last element of
// a Windows or Unix path, without control characters, which no file name
// on Zoho's side or in a Content-Disposition header can carry.
func fileBaseName(name string) string {
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	if name == "." || name == "/" {
		return ""
	}
	return strings.TrimSpace(name)
}

// uploadError writes the reply for a failed readUpload: 413 past the size
// limit, INVALID_DATA naming the problem for a malformed body or an empty
// name, REQUIRED_PARAM_MISSING when there is no file part at all.
func uploadError(w http.ResponseWriter, err error, limit int64) {
	var bad *malformedUpload
	switch {
	case errors.Is(err, errTooLarge):
		writeError(w, http.StatusRequestEntityTooLarge, "FILE_SIZE_MORE_THAN_ALLOWED_SIZE", "file size is more than the allowed size",
			map[string]any{"allowed_size": limit})
	case errors.As(err, &bad), errors.Is(err, errEmptyName):
		writeError(w, http.StatusBadRequest, "INVALID_DATA", err.Error(), map[string]any{"param_name": "file"})
	default:
		missingParam(w, "file")
	}
}

func (s *Server) handleAttachmentsList(w http.ResponseWriter, r *http.Request) {
	page, perPage, ok := pageParams(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, parent, ok := s.parentOf(w, r)
	if !ok {
		return
	}
	var rows []record
	for _, a := range s.crm.files.attachments {
		if a.parentID == parent["id"] {
			rows = append(rows, a.meta)
		}
	}
	writePage(w, "data", rows, page, perPage)
}

// handleAttachmentUpload takes a multipart "file" part, or a link in the
// attachmentUrl query parameter or form field.
func (s *Server) handleAttachmentUpload(w http.ResponseWriter, r *http.Request) {
	link := r.URL.Query().Get("attachmentUrl")
	var name, ctype string
	var data []byte
	if link == "" {
		var err error
		if name, ctype, data, link, err = readUpload(r, s.opts.MaxUploadBytes); err != nil {
			uploadError(w, err, s.opts.MaxUploadBytes)
			return
		}
	}
	if link != "" {
		name = path.Base(link)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, parent, ok := s.parentOf(w, r)
	if !ok {
		return
	}
	u := s.crm.findUser(userFrom(r.Context()))
	now := s.now().Format(zohoTime)
	meta := record{
		"id": s.crm.newID(), "File_Name": name, "Size": strconv.Itoa(len(data)),
		"Parent_Id": map[string]any{"name": m.recordName(parent), "id": parent["id"]}, "$se_module": m.APIName,
		"Owner": u.ref(), "Created_By": u.ref(), "Modified_By": u.ref(), "Created_Time": now, "Modified_Time": now,
		"$editable": true, "$type": "Attachment", "$link_url": nil, "$file_id": randomHex(16),
	}
	if link != "" {
		meta["$type"], meta["$link_url"], meta["$file_id"] = "Link URL", link, nil
	}
	if ctype == "" && data != nil {
		ctype = http.DetectContentType(data)
	}
	s.crm.files.attachments = append(s.crm.files.attachments, &attachment{meta: meta, parentID: parent["id"].(string), contentType: ctype, data: data})
	writeJSON(w, http.StatusOK, map[string]any{"data": []any{recordSuccess("attachment uploaded successfully", meta)}})
}

// findAttachment returns the index of att_id under the path's parent.
func (s *Server) findAttachment(w http.ResponseWriter, r *http.Request, id string) (int, bool) {
	_, parent, ok := s.parentOf(w, r)
	if !ok {
		return 0, false
	}
	for i, a := range s.crm.files.attachments {
		if a.meta["id"] == id && a.parentID == parent["id"] {
			return i, true
		}
	}
	writeError(w, http.StatusBadRequest, "INVALID_DATA", "the id given seems to be invalid", map[string]any{"resource_path_index": 2})
	return 0, false
}

// writeDownload sends bytes the way Zoho's SDKs read a download: a
// binary Content-Type (never the uploaded part's type: text/plain or JSON
// would be decoded, not saved) unless ctype is an image, and the file
// name in Content-Disposition's quoted form, UTF-8 as it is. Zoho's SDKs
// take the name from that form alone (nodejs-sdk-8.0 Downloader: after
// the last '=' with quotes removed; zcrmsdk strips quotes); the RFC 5987
// filename*= form reaches them percent-encoded, and unquoted not at all.
func writeDownload(w http.ResponseWriter, name, ctype string, data []byte) {
	if !strings.HasPrefix(ctype, "image/") {
		ctype = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+quotedFileName(name)+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(http.StatusOK)
	w.Write(data)
}

// quotedFileName makes name safe inside a quoted-string: no quote,
// backslash or control character (CR and LF would split the header).
func quotedFileName(name string) string {
	return strings.Map(func(r rune) rune {
		if r == '"' || r == '\\' || r < 0x20 || r == 0x7f {
			return '_'
		}
		return r
	}, name)
}

func (s *Server) handleAttachmentDownload(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, ok := s.findAttachment(w, r, r.PathValue("att_id"))
	if !ok {
		return
	}
	a := s.crm.files.attachments[i]
	if a.data == nil {
		writeError(w, http.StatusBadRequest, "INVALID_DATA", "a link attachment has no file to download", map[string]any{"resource_path_index": 2})
		return
	}
	writeDownload(w, asString(a.meta["File_Name"]), a.contentType, a.data)
}

func (s *Server) handleAttachmentDelete(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, ok := s.findAttachment(w, r, r.PathValue("att_id"))
	if !ok {
		return
	}
	id := s.crm.files.attachments[i].meta["id"]
	s.crm.files.attachments = append(s.crm.files.attachments[:i], s.crm.files.attachments[i+1:]...)
	writeJSON(w, http.StatusOK, map[string]any{"data": []any{deletedResult(id)}})
}

// handleAttachmentsDelete serves DELETE .../Attachments?ids=a,b.
func (s *Server) handleAttachmentsDelete(w http.ResponseWriter, r *http.Request) {
	ids := splitList(r.URL.Query().Get("ids"))
	if len(ids) == 0 {
		writeError(w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", map[string]any{"param_name": "ids"})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, _, ok := s.parentOf(w, r); !ok {
		return
	}
	results := make([]map[string]any, len(ids))
	failed := 0
	for k, id := range ids {
		results[k] = recordError("INVALID_DATA", "record not deleted", map[string]any{"id": id})
		for i, a := range s.crm.files.attachments {
			if a.meta["id"] == id && a.parentID == r.PathValue("id") {
				s.crm.files.attachments = append(s.crm.files.attachments[:i], s.crm.files.attachments[i+1:]...)
				results[k] = deletedResult(id)
				break
			}
		}
		if results[k]["status"] == "error" {
			failed++
		}
	}
	writeResults(w, http.StatusOK, results, failed)
}

func (s *Server) handlePhotoGet(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, parent, ok := s.parentOf(w, r)
	if !ok {
		return
	}
	p := s.crm.files.photos[parent["id"].(string)]
	if p == nil {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	ext := ".bin"
	if exts, _ := mime.ExtensionsByType(p.contentType); len(exts) > 0 {
		ext = exts[0]
	}
	writeDownload(w, parent["id"].(string)+ext, p.contentType, p.data)
}

// handlePhotoUpload takes a multipart "file" part that must be an image.
func (s *Server) handlePhotoUpload(w http.ResponseWriter, r *http.Request) {
	_, _, data, _, err := readUpload(r, s.opts.MaxUploadBytes)
	if err != nil {
		uploadError(w, err, s.opts.MaxUploadBytes)
		return
	}
	ctype := http.DetectContentType(data)
	if !strings.HasPrefix(ctype, "image/") {
		writeError(w, http.StatusBadRequest, "INVALID_DATA", "the file given is not an image", map[string]any{"param_name": "file"})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, parent, ok := s.parentOf(w, r)
	if !ok {
		return
	}
	if s.crm.files.photos == nil {
		s.crm.files.photos = map[string]*photo{}
	}
	s.crm.files.photos[parent["id"].(string)] = &photo{contentType: ctype, data: data}
	writeJSON(w, http.StatusOK, map[string]any{"code": "SUCCESS", "details": map[string]any{}, "message": "photo uploaded successfully", "status": "success"})
}

func (s *Server) handlePhotoDelete(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, parent, ok := s.parentOf(w, r)
	if !ok {
		return
	}
	id := parent["id"].(string)
	if s.crm.files.photos[id] == nil {
		writeError(w, http.StatusBadRequest, "INVALID_DATA", "the record has no photo", map[string]any{"resource_path_index": 1})
		return
	}
	delete(s.crm.files.photos, id)
	writeJSON(w, http.StatusOK, map[string]any{"code": "SUCCESS", "details": map[string]any{}, "message": "photo deleted", "status": "success"})
}
