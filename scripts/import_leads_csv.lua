-- import_leads_csv.lua: import leads from a spreadsheet, updating the ones
-- that exist (matched by Email) and adding the rest.
--
-- Purpose: the everyday CSV import. Columns are matched to Leads fields by
-- API name or label, in any case ("Last Name", "last_name", "Last_Name");
-- columns that match no field are reported and skipped. Rows are checked
-- before anything is sent (Last Name and a valid Email are required, an
-- Email may appear once per file); Zoho checks the rest. Emails are
-- compared in lower case, so "Ann@X.com" updates the lead of "ann@x.com".
-- Empty cells are not sent, so an import never clears a field.
-- Every row that was not imported is listed with its line and the reason.
--
-- Usage:
--   zcrmrun run scripts/import_leads_csv.lua FILE.csv [--rejected=REJECTED.csv] [--trigger=none|all] [--encoding=latin1]
--   zcrmrun run --sandbox --dry-run scripts/import_leads_csv.lua scripts/data/leads_import.csv
--
-- Arguments:
--   FILE.csv     the rows, with a header row (Excel exports work: BOM,
--                semicolons, quoted cells)
--   --rejected   also write the rejected rows to this CSV: line, Email,
--                reason
--   --trigger    "all" runs Zoho's workflows, approvals and blueprints on the
--                imported leads; "none" (the default) runs none
--   --encoding   the file's encoding when it is not UTF-8 ("latin1",
--                "windows-1252", "utf-16"): a file that is not UTF-8 is
--                refused, naming the line and column, rather than imported
--                with its accents lost
--
-- Output: one line per rejected row, then a summary of inserted, updated
-- and rejected rows. The exit status is 0 even when rows were rejected.
local args = require("lib.args").parse(arg, {rejected = "", trigger = "none", encoding = ""})
local path = args[1]
if not path then
  io.stderr:write("usage: import_leads_csv.lua FILE.csv [--rejected=REJECTED.csv] [--trigger=none|all] [--encoding=latin1]\n")
  os.exit(2)
end

-- Column names to field API names, and which fields hold numbers.
local field_of, numeric = {}, {}
for _, f in ipairs(crm.fields.list("Leads")) do
  field_of[f.api_name:lower()] = f.api_name
  field_of[(f.field_label or f.api_name):lower()] = f.api_name
  if f.data_type == "integer" or f.data_type == "currency" or f.data_type == "double" then
    numeric[f.api_name] = true
  end
end
local function field_for(column)
  local c = column:lower():gsub("^%s+", ""):gsub("%s+$", "")
  return field_of[c] or field_of[(c:gsub("[%s_]+", "_"))] or field_of[(c:gsub("_", " "))]
end

local rejected, valid, lines_of, seen_email = {}, {}, {}, {}
local unknown_columns = {}
local function reject(line, email, reason)
  rejected[#rejected + 1] = {line = line, Email = email or "", reason = reason}
end

local bar = progress(nil, "reading " .. path)
for row, line in csv.read(path, {trim = true, encoding = args.encoding}) do
  bar:add(1)
  local lead = {}
  for column, cell in pairs(row) do
    local f = field_for(column)
    if not f then
      unknown_columns[column] = true
    elseif cell ~= "" then
      lead[f] = numeric[f] and tonumber(cell) or cell
    end
  end
  local email = lead.Email and lead.Email:lower()
  if not lead.Last_Name then
    reject(line, email, "Last Name is empty")
  elseif not email then
    reject(line, email, "Email is empty (it is what finds an existing lead)")
  elseif not email:match("^[^@%s]+@[^@%s]+%.[^@%s]+$") then
    reject(line, email, ("Email %q is not an address"):format(lead.Email))
  elseif seen_email[email] then
    reject(line, email, ("Email repeats line %d of the file"):format(seen_email[email]))
  else
    seen_email[email] = line
    lead.Email = email
    valid[#valid + 1] = lead
    lines_of[#valid] = line
  end
end
bar:done()

local inserted, updated = 0, 0
if #valid > 0 then
  local trigger = args.trigger == "all" and nil or {}
  -- One call for every row: crm.records.upsert sends them in chunks of 100
  -- and shows its own progress.
  local results = crm.records.upsert("Leads", valid, {duplicate_check_fields = {"Email"}, trigger = trigger})
  for i, r in ipairs(results) do
    if r.status == "success" then
      if r.action == "insert" then inserted = inserted + 1 else updated = updated + 1 end
    else
      local why = r.code .. ": " .. r.message
      if r.details and r.details.api_name then
        why = why .. " (" .. r.details.api_name .. ")"
      end
      reject(lines_of[i], valid[i].Email, why)
    end
  end
end

table.sort(rejected, function(a, b) return a.line < b.line end)
for column in pairs(unknown_columns) do
  print(("column %q matches no Leads field: skipped"):format(column))
end
for _, r in ipairs(rejected) do
  print(("line %d: rejected: %s"):format(r.line, r.reason))
end
if args.rejected ~= "" and #rejected > 0 then
  csv.write(args.rejected, rejected, {fields = {"line", "Email", "reason"}})
end
print(("%d inserted, %d updated, %d rejected%s"):format(inserted, updated, #rejected,
  crm.dry_run() and " (dry run: nothing was written)" or ""))
