-- export_module_csv.lua: write every record of a module to a CSV file.
--
-- Purpose: exports for reports and spreadsheets. Records are read with
-- crm.records.iter (all pages, past Zoho's 2,000-record wall), so any
-- module of any size works; a progress bar shows on a terminal.
--
-- Usage:
--   zcrmrun run scripts/export_module_csv.lua MODULE OUT.csv [FIELDS]
--   zcrmrun run --sandbox scripts/export_module_csv.lua Contacts contacts.csv Full_Name,Email,Account_Name
--
-- Arguments:
--   MODULE   a module's API name (Leads, Contacts, Deals, ...)
--   OUT.csv  the file to write (replaced atomically)
--   FIELDS   comma-separated field API names, the CSV's columns in order;
--            default: id and every field of the module (at most 50, Zoho's
--            limit per call). Lookups are written as their name.
--   --bom    start the file with a UTF-8 byte-order mark (for Excel)
local args = require("lib.args").parse(arg, {bom = false})
local module, out, fields_arg = args[1], args[2], args[3]
if not module or not out then
  io.stderr:write("usage: export_module_csv.lua MODULE OUT.csv [FIELDS] [--bom]\n")
  os.exit(2)
end

local fields = {}
if fields_arg then
  for f in fields_arg:gmatch("[^,%s]+") do fields[#fields + 1] = f end
else
  fields[1] = "id"
  for _, f in ipairs(crm.fields.list(module)) do
    if f.api_name ~= "id" and #fields < 50 then fields[#fields + 1] = f.api_name end
  end
end

local rows = {}
for rec in crm.records.iter(module, {fields = fields}) do
  rows[#rows + 1] = rec
end
csv.write(out, rows, {fields = fields, bom = args.bom})
local count = require("lib.words").count
print(("exported %d %s to %s (%s)"):format(#rows, module, out, count(#fields, "column")))
