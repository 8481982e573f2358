package luabind

import (
	"os"
	"path/filepath"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/crm"
)

func (b *binding) attachmentFuncs() map[string]lua.LGFunction {
	return map[string]lua.LGFunction{
		"list":        b.attachmentsList,
		"upload":      b.attachmentsUpload,
		"upload_link": b.attachmentsUploadLink,
		"download":    b.attachmentsDownload,
		"delete":      b.attachmentsDelete,
	}
}

func (b *binding) photoFuncs() map[string]lua.LGFunction {
	return map[string]lua.LGFunction{
		"get":    b.photosGet,
		"upload": b.photosUpload,
		"delete": b.photosDelete,
	}
}

// readFileArg reads the file named by a path argument.
func readFileArg(L *lua.LState, n int, call string) (string, []byte) {
	path := checkName(L, n, call, "path")
	data, err := os.ReadFile(path)
	if err != nil {
		L.RaiseError("%s: reading %s: %v", call, path, err)
	}
	return path, data
}

// savedTable saves d to dest and describes it: {path=, filename=, size=}.
func (b *binding) savedTable(L *lua.LState, call string, d *crm.Download, dest, fallback string) *lua.LTable {
	path, err := crm.SaveDownload(d, dest, fallback)
	if err != nil {
		b.raise(L, call, err)
	}
	name := d.Filename
	if name == "" {
		name = filepath.Base(path)
	}
	t := L.CreateTable(0, 3)
	t.RawSetString("path", lua.LString(path))
	t.RawSetString("filename", lua.LString(name))
	t.RawSetString("size", lua.LNumber(len(d.Data)))
	return t
}

// attachmentsList is crm.attachments.list(module, id, opts) -> attachments, info
//
// One page of a record's attachments (File_Name, Size, $type, $link_url,
// ...). opts: page, per_page.
func (b *binding) attachmentsList(L *lua.LState) int {
	const call = "crm.attachments.list"
	module, id := checkName(L, 1, call, "module"), idArg(L, 2, call, "id")
	o := b.options(L, 3, call)
	page := crm.PageOptions{Page: o.Int("page"), PerPage: o.Int("per_page")}
	o.Done()
	atts, info, err := b.conn.CRM().Attachments(ctxOf(L), module, id, page)
	if err != nil {
		return b.raise(L, call, err)
	}
	b.pushList(L, atts)
	L.Push(infoTable(L, info))
	return 2
}

// attachmentsUpload is crm.attachments.upload(module, id, path) -> result
//
// Uploads a local file as an attachment named after its base name; the
// result's id is the attachment id.
func (b *binding) attachmentsUpload(L *lua.LState) int {
	const call = "crm.attachments.upload"
	module, id := checkName(L, 1, call, "module"), idArg(L, 2, call, "id")
	path, data := readFileArg(L, 3, call)
	o, err := b.conn.CRM().UploadAttachment(ctxOf(L), module, id, path, data)
	if err != nil {
		return b.raise(L, call, err)
	}
	L.Push(b.outcomeTable(L, o))
	return 1
}

// attachmentsUploadLink is crm.attachments.upload_link(module, id, url) -> result
//
// Attaches a URL to a record.
func (b *binding) attachmentsUploadLink(L *lua.LState) int {
	const call = "crm.attachments.upload_link"
	module, id := checkName(L, 1, call, "module"), idArg(L, 2, call, "id")
	o, err := b.conn.CRM().AttachLink(ctxOf(L), module, id, checkName(L, 3, call, "url"))
	if err != nil {
		return b.raise(L, call, err)
	}
	L.Push(b.outcomeTable(L, o))
	return 1
}

// attachmentsDownload is crm.attachments.download(module, id, attachment_id, dest_path) -> {path=, filename=, size=}
//
// Saves an attachment. dest_path is a file path, or a directory where the
// file is written under the name Zoho gives in Content-Disposition. The
// file appears whole or not at all (written to a temporary file, then
// renamed).
func (b *binding) attachmentsDownload(L *lua.LState) int {
	const call = "crm.attachments.download"
	module, id := checkName(L, 1, call, "module"), idArg(L, 2, call, "id")
	attID := idArg(L, 3, call, "attachment_id")
	dest := checkName(L, 4, call, "dest_path")
	d, err := b.conn.CRM().DownloadAttachment(ctxOf(L), module, id, attID)
	if err != nil {
		return b.raise(L, call, err)
	}
	L.Push(b.savedTable(L, call, d, dest, "attachment-"+attID))
	return 1
}

// attachmentsDelete is crm.attachments.delete(module, id, attachment_id) -> result
func (b *binding) attachmentsDelete(L *lua.LState) int {
	const call = "crm.attachments.delete"
	module, id := checkName(L, 1, call, "module"), idArg(L, 2, call, "id")
	o, err := b.conn.CRM().DeleteAttachment(ctxOf(L), module, id, idArg(L, 3, call, "attachment_id"))
	if err != nil {
		return b.raise(L, call, err)
	}
	L.Push(b.outcomeTable(L, o))
	return 1
}

// photosGet is crm.photos.get(module, id, dest_path) -> {path=, filename=, size=} | nil
//
// Saves a record's photo like crm.attachments.download; nil when the
// record has no photo.
func (b *binding) photosGet(L *lua.LState) int {
	const call = "crm.photos.get"
	module, id := checkName(L, 1, call, "module"), idArg(L, 2, call, "id")
	dest := checkName(L, 3, call, "dest_path")
	d, err := b.conn.CRM().Photo(ctxOf(L), module, id)
	if err != nil {
		return b.raise(L, call, err)
	}
	if d == nil {
		L.Push(lua.LNil)
		return 1
	}
	L.Push(b.savedTable(L, call, d, dest, "photo-"+id))
	return 1
}

// photosUpload is crm.photos.upload(module, id, path) -> true
//
// Sets a record's photo from an image file.
func (b *binding) photosUpload(L *lua.LState) int {
	const call = "crm.photos.upload"
	module, id := checkName(L, 1, call, "module"), idArg(L, 2, call, "id")
	path, data := readFileArg(L, 3, call)
	if err := b.conn.CRM().UploadPhoto(ctxOf(L), module, id, path, data); err != nil {
		return b.raise(L, call, err)
	}
	L.Push(lua.LTrue)
	return 1
}

// photosDelete is crm.photos.delete(module, id) -> true
func (b *binding) photosDelete(L *lua.LState) int {
	const call = "crm.photos.delete"
	module, id := checkName(L, 1, call, "module"), idArg(L, 2, call, "id")
	if err := b.conn.CRM().DeletePhoto(ctxOf(L), module, id); err != nil {
		return b.raise(L, call, err)
	}
	L.Push(lua.LTrue)
	return 1
}
