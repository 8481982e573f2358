-- crm.attachments and crm.photos against the seeded sandbox.

local function write_file(path, data)
  local f = assert(io.open(path, "wb"))
  f:write(data)
  f:close()
end

local function dir_of(path) return path:match("^(.*)/[^/]*$") end

local function lead(n)
  return crm.records.list("Leads", {page = n, per_page = 1})[1]
end

function test_upload_list_download_delete()
  local l = lead(21)
  local src = os.tmpname()
  local bytes = "id,amount\n1,\0\255binary\n"
  write_file(src, bytes)
  local r = crm.attachments.upload("Leads", l.id, src)
  os.remove(src)
  assert_eq(r.code, "SUCCESS", "upload code")
  local name = src:match("[^/]+$")

  local atts = crm.attachments.list("Leads", l.id)
  assert_eq(#atts, 1, "attachments")
  assert_eq(atts[1].File_Name, name, "File_Name is the base name")

  local dest = os.tmpname()
  local saved = crm.attachments.download("Leads", l.id, r.id, dest)
  assert_eq(saved.path, dest, "path")
  assert_eq(saved.filename, name, "filename from Content-Disposition")
  assert_eq(saved.size, #bytes, "size")
  assert_eq(read_file(dest), bytes, "content")
  os.remove(dest)

  -- a directory destination keeps Zoho's file name
  local dir = dir_of(os.tmpname())
  saved = crm.attachments.download("Leads", l.id, r.id, dir)
  assert_eq(saved.path, dir .. "/" .. name, "path in directory")
  assert_eq(read_file(saved.path), bytes, "content in directory")
  os.remove(saved.path)

  assert_eq(crm.attachments.delete("Leads", l.id, r.id).code, "SUCCESS", "delete")
  assert_eq(#crm.attachments.list("Leads", l.id), 0, "none left")
end

function test_upload_link()
  local l = lead(22)
  local r = crm.attachments.upload_link("Leads", l.id, "https://example.com/spec.pdf?v=2&x=y")
  assert_eq(r.status, "success", "status")
  local atts = crm.attachments.list("Leads", l.id)
  assert_eq(atts[1]["$link_url"], "https://example.com/spec.pdf?v=2&x=y", "link kept whole")
end

function test_upload_missing_file_names_it()
  local err = assert_raises(function() crm.attachments.upload("Leads", "1", "/no/such/file.txt") end)
  assert_match(err, "crm.attachments.upload: reading /no/such/file.txt")
end

function test_photos()
  local l = lead(23)
  local dest = os.tmpname()
  assert_eq(crm.photos.get("Leads", l.id, dest), nil, "no photo yet")
  local src = os.tmpname()
  local png = "\137PNG\r\n\26\n" .. string.rep("\0", 40)
  write_file(src, png)
  assert_eq(crm.photos.upload("Leads", l.id, src), true, "upload")
  os.remove(src)
  local saved = crm.photos.get("Leads", l.id, dest)
  assert_eq(read_file(dest), png, "photo bytes")
  assert_eq(saved.size, #png, "size")
  os.remove(dest)
  assert_eq(crm.photos.delete("Leads", l.id), true, "delete")
  assert_eq(assert_raises(function() crm.photos.delete("Leads", l.id) end).code, "INVALID_DATA", "delete twice")
end
