-- csv.read / csv.write on files like the ones Excel writes.

local function rows_of(path, opts)
  local out, lines = {}, {}
  for row, line in csv.read(path, opts) do
    out[#out + 1] = row
    lines[#lines + 1] = line
  end
  return out, lines
end

function test_read_excel_utf8_with_bom_quotes_and_newlines()
  local rows, lines = rows_of("testdata/csv/excel_utf8_bom.csv")
  assert_eq(#rows, 2, "rows")
  assert_eq(rows[1]["First Name"], "Ana", "BOM stripped from the first header")
  assert_eq(rows[1].Notes, 'says "hi", twice', "quoted cell")
  assert_eq(rows[2].Last_Name, "", "empty cell")
  assert_eq(rows[2].Notes, "line one\nline two", "newline inside quotes")
  assert_eq(lines[1], 2, "line of the first row")
  assert_eq(lines[2], 3, "line of the second row")
end

function test_read_semicolon_files_by_sniffing()
  local rows = rows_of("testdata/csv/excel_semicolon.csv")
  assert_eq(rows[1].Last_Name, "Müller", "utf-8 cell")
  assert_eq(rows[1].Annual_Revenue, "1.000,50", "cells stay text")
  assert_eq(rows[2].Company, "Lyon SA", "second row")
end

function test_read_utf16_unicode_text()
  local rows = rows_of("testdata/csv/excel_unicode.txt")
  assert_eq(rows[1].City, "東京", "utf-16 decoded, tab delimited")
end

-- u is the UTF-8 form of the code points given (RFC 3629), so expected
-- text comes from the encodings' tables, not from our decoder.
local function u(...)
  local out = {}
  for _, cp in ipairs({...}) do
    if cp < 0x80 then
      out[#out + 1] = string.char(cp)
    elseif cp < 0x800 then
      out[#out + 1] = string.char(0xC0 + math.floor(cp / 0x40), 0x80 + cp % 0x40)
    else
      out[#out + 1] = string.char(0xE0 + math.floor(cp / 0x1000), 0x80 + math.floor(cp / 0x40) % 0x40, 0x80 + cp % 0x40)
    end
  end
  return table.concat(out)
end

function test_read_refuses_text_that_is_not_utf8()
  -- latin1.csv holds "Jos\xE9" on line 2: the 0xE9 is the 4th character.
  local err = assert_raises(function() rows_of("testdata/csv/latin1.csv") end)
  assert_match(err, "csv.read: testdata/csv/latin1.csv:2:4: byte 0xE9 is not valid UTF-8")
  assert_match(err, 'encoding = "latin1"', "the error says what to do")
end

function test_read_latin1_and_windows1252()
  -- ISO 8859-1 maps every byte to the code point of its value.
  local rows = rows_of("testdata/csv/latin1.csv", {encoding = "latin1"})
  assert_eq(rows[1].Last_Name, "Jos" .. u(0xE9), "0xE9 is U+00E9")
  assert_eq(rows[1].City, "Z" .. u(0xFC) .. "rich", "0xFC is U+00FC")
  assert_eq(rows[2].City, "K" .. u(0xF6) .. "ln", "0xF6 is U+00F6")
  assert_eq(rows_of("testdata/csv/latin1.csv", {encoding = "ISO-8859-1"})[2].Last_Name, "M" .. u(0xFC) .. "ller", "IANA name")
  -- Windows-1252 differs from Latin-1 in 0x80-0x9F: 0x80 is U+20AC, 0x93/0x94 are U+201C/U+201D.
  for _, name in ipairs({"windows-1252", "cp1252"}) do
    rows = rows_of("testdata/csv/windows1252.csv", {encoding = name})
    assert_eq(rows[1].Name, "Caf" .. u(0xE9), name)
    assert_eq(rows[1].Note, u(0x201C) .. "quoted" .. u(0x201D) .. " " .. u(0x20AC) .. " 5", name)
  end
  -- 0x81 is undefined in Windows-1252: an error, never U+FFFD.
  assert_match(assert_raises(function() rows_of("testdata/csv/windows1252_undefined.csv", {encoding = "windows-1252"}) end),
    "windows1252_undefined.csv:2:4: bytes that are not windows-1252 text")
  assert_match(assert_raises(function() rows_of("testdata/csv/latin1.csv", {encoding = "klingon"}) end),
    'csv.read: option encoding: unknown encoding "klingon"')
end

function test_read_utf16_with_a_byte_order_mark()
  local rows = rows_of("testdata/csv/utf16be_bom.csv")
  assert_eq(rows[1].Name, u(0xC5) .. "sa", "big-endian mark honoured")
  assert_eq(rows_of("testdata/csv/utf16be_bom.csv", {encoding = "utf-16"})[1].City, "Malm" .. u(0xF6), "explicit utf-16")
  assert_eq(rows_of("testdata/csv/excel_unicode.txt", {encoding = "utf-16"})[1].City, u(0x6771, 0x4EAC), "little-endian")
  assert_match(assert_raises(function() rows_of("testdata/csv/utf16le_nobom.csv", {encoding = "utf-16"}) end),
    "utf16le_nobom.csv: starts with no UTF-16 byte-order mark")
  assert_eq(rows_of("testdata/csv/utf16le_nobom.csv", {encoding = "utf-16le"})[1].City, "Malm" .. u(0xF6), "utf-16le without a mark")
end

function test_write_in_other_encodings()
  local path = TMPDIR .. "/latin1.csv"
  csv.write(path, {{City = "Z" .. u(0xFC) .. "rich"}}, {encoding = "latin1"})
  assert_eq(read_file(path), "City\nZ\252rich\n", "U+00FC written as the byte 0xFC")
  assert_eq(rows_of(path, {encoding = "latin1"})[1].City, "Z" .. u(0xFC) .. "rich", "reads back")

  csv.write(path, {{Note = u(0x20AC) .. "5"}}, {encoding = "windows-1252"})
  assert_eq(read_file(path), "Note\n\1285\n", "U+20AC is 0x80 in windows-1252")

  csv.write(path, {{a = u(0xC5)}}, {encoding = "utf-16"})
  assert_eq(read_file(path), "\255\254a\0\n\0\197\0\n\0", "utf-16 is little-endian with its mark")
  csv.write(path, {{a = "x"}}, {encoding = "utf-16be", bom = true})
  assert_eq(read_file(path), "\254\255\0a\0\n\0x\0\n", "utf-16be with bom = true")

  csv.write(path, {{City = "ok"}}, {encoding = "latin1"})
  local err = assert_raises(function()
    csv.write(path, {{City = "Paris"}, {City = u(0x6771, 0x4EAC)}}, {encoding = "latin1"})
  end)
  assert_match(err, "rows[2].City: " .. '"' .. u(0x6771) .. '" (U+6771) cannot be written in latin1')
  assert_eq(read_file(path), "City\nok\n", "nothing half-written")
  assert_match(assert_raises(function() csv.write(path, {{a = "Jos\233"}}) end), "rows[1].a: byte 0xE9 at offset 4 is not UTF-8 text")
  assert_match(assert_raises(function() csv.write(path, {{a = "x"}}, {encoding = "latin1", bom = true}) end),
    "option bom needs a Unicode encoding")
  assert_match(assert_raises(function() csv.write(TMPDIR, {{a = "x"}}) end), TMPDIR .. ": is a directory")
end

function test_read_without_header_gives_arrays()
  local rows = rows_of("testdata/csv/excel_semicolon.csv", {header = false})
  assert_eq(rows[1][1], "Last_Name", "header row is data")
  assert_eq(#rows, 3, "rows")
end

function test_read_errors_name_file_and_line()
  assert_match(assert_raises(function() rows_of("testdata/csv/broken.csv") end), "broken.csv:2:")
  assert_match(assert_raises(function() rows_of("testdata/csv/missing.csv") end), "csv.read: testdata/csv/missing.csv: no such file")
  assert_match(assert_raises(function() rows_of("testdata/csv/broken.csv", {delimter = ";"}) end), "unknown option delimter")
end

function test_write_then_read_round_trips()
  local path = TMPDIR .. "/out.csv"
  local n = csv.write(path, {
    {id = "5725767000000012345", Last_Name = "O'Brien, Jr.", Owner = {name = "Ana Souza", id = "1"}, Amount = 1500, Description = crm.null, Tag = {"vip", "emea"}},
    {id = "5725767000000012346", Last_Name = 'Say "x"', Amount = 2.5, Tag = crm.array{}},
  }, {fields = {"id", "Last_Name", "Owner", "Amount", "Description", "Tag"}})
  assert_eq(n, 2, "rows written")
  local rows = rows_of(path)
  assert_eq(rows[1].id, "5725767000000012345", "19-digit id intact")
  assert_eq(rows[1].Last_Name, "O'Brien, Jr.", "comma quoted")
  assert_eq(rows[1].Owner, "Ana Souza", "lookup written as its name")
  assert_eq(rows[1].Amount, "1500", "integer without .0")
  assert_eq(rows[1].Description, "", "null is empty")
  assert_eq(rows[1].Tag, "vip; emea", "array joined")
  assert_eq(rows[2].Last_Name, 'Say "x"', "quotes escaped")
  assert_eq(rows[2].Amount, "2.5", "decimal")
  assert_eq(rows[2].Tag, "", "an empty list is an empty cell")
end

function test_write_with_bom_for_excel()
  local path = TMPDIR .. "/bom.csv"
  csv.write(path, {{a = "1"}}, {bom = true})
  local f = assert(io.open(path, "rb"))
  local head = f:read(3)
  f:close()
  assert_eq(head, "\239\187\191", "utf-8 BOM written")
  assert_eq(rows_of(path)[1].a, "1", "BOM file reads back")
end

function test_progress_is_silent_without_a_terminal()
  local bar = progress(10, "work")
  for _ = 1, 10 do bar:add(1) end
  bar:set(5)
  bar:done()
  local spinner = progress(nil, "unknown total")
  spinner:add()
  spinner:done()
  assert_match(assert_raises(function() progress("ten") end), "progress: total (argument #1) must be a number or nil")
end
