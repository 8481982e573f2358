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
