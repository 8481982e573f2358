-- dedupe_contacts.lua: find contacts entered more than once; report them,
-- and with --merge keep the oldest of each group and fold the others in.
--
-- Purpose: clean-up after imports and hand entry. Two contacts are the
-- same person when their normalised emails are equal (trimmed, lower
-- case), or when their normalised phones (digits only) are equal and so
-- are their names (first and last, any case). A phone alone is not
-- enough: colleagues share switchboard numbers. Groups are transitive (A
-- matches B by email, B matches C by phone: one group of three).
--
-- With --merge, for each group: the oldest contact (Created_Time, then id)
-- is kept; the notes of the others are copied onto it (title and content,
-- with a line naming the contact they came from), then the others are
-- deleted (into Zoho's recycle bin). Run it first without --merge, or with
-- zcrmrun run --dry-run, to see what it would do.
--
-- Usage:
--   zcrmrun run scripts/dedupe_contacts.lua [--merge]
--   zcrmrun run --sandbox scripts/dedupe_contacts.lua          -- the demo org has 6 duplicates
--
-- Arguments:
--   --merge   merge notes into the oldest contact and delete the rest
--             (default: only report)
local args = require("lib.args").parse(arg, {merge = false})
local count = require("lib.words").count

local function norm_email(e)
  if type(e) ~= "string" then return nil end
  e = e:gsub("^%s+", ""):gsub("%s+$", ""):lower()
  return e ~= "" and e or nil
end
local function norm_phone(p)
  if type(p) ~= "string" then return nil end
  local d = p:gsub("%D", "")
  return #d >= 6 and d or nil
end
local function norm_name(c)
  local first = type(c.First_Name) == "string" and c.First_Name or ""
  local last = type(c.Last_Name) == "string" and c.Last_Name or ""
  return (first .. " " .. last):lower():gsub("%s+", " ")
end

-- Union-find over contacts, joined through shared keys.
local contacts, parent, owner_of_key = {}, {}, {}
local function find(i)
  while parent[i] ~= i do
    parent[i] = parent[parent[i]]
    i = parent[i]
  end
  return i
end
local function join(i, key)
  if not key then return end
  local j = owner_of_key[key]
  if j then parent[find(i)] = find(j) else owner_of_key[key] = i end
end

for c in crm.records.iter("Contacts", {fields = {"First_Name", "Last_Name", "Full_Name", "Email", "Phone", "Created_Time"}}) do
  local i = #contacts + 1
  contacts[i], parent[i] = c, i
  join(i, norm_email(c.Email) and "email:" .. norm_email(c.Email))
  local phone = norm_phone(c.Phone)
  join(i, phone and "phone:" .. phone .. "|" .. norm_name(c))
end

local groups, roots = {}, {}
for i = 1, #contacts do
  local r = find(i)
  if not groups[r] then
    groups[r] = {}
    roots[#roots + 1] = r
  end
  table.insert(groups[r], contacts[i])
end
local older = function(a, b)
  if a.Created_Time ~= b.Created_Time then return a.Created_Time < b.Created_Time end
  return a.id < b.id
end

-- describe names a contact for the report; an empty field says so.
local function present(v) return type(v) == "string" and v ~= "" end
local function describe(c)
  return ("%s %s %s %s"):format(c.id, c.Full_Name,
    present(c.Email) and "<" .. c.Email .. ">" or "(no email)", present(c.Phone) and c.Phone or "(no phone)")
end

local dup_groups, doomed = 0, {}
for _, r in ipairs(roots) do
  local g = groups[r]
  if #g > 1 then
    dup_groups = dup_groups + 1
    table.sort(g, older)
    local keep = g[1]
    print(("keep %s, created %s"):format(describe(keep), keep.Created_Time))
    for k = 2, #g do
      local d = g[k]
      print(("  duplicate %s, created %s"):format(describe(d), d.Created_Time))
      doomed[#doomed + 1] = {dup = d, keep = keep}
    end
  end
end

if not args.merge then
  print(("%s, %s of duplicates, %s; run with --merge to merge them"):format(count(#contacts, "contact"), count(dup_groups, "group"),
    count(#doomed, "duplicate")))
  return
end

-- Every note of a record, all pages.
local function notes_of(id)
  local all, page = {}, 1
  repeat
    local notes, info = crm.notes.list("Contacts", id, {page = page, per_page = 200})
    for _, n in ipairs(notes) do all[#all + 1] = n end
    page = page + 1
  until not (info and info.more_records)
  return all
end

local moved, ids = 0, {}
for _, m in ipairs(doomed) do
  local copies = {}
  for _, n in ipairs(notes_of(m.dup.id)) do
    local title = n.Note_Title ~= crm.null and n.Note_Title or nil
    copies[#copies + 1] = {
      Note_Title = title,
      Note_Content = (n.Note_Content ~= crm.null and n.Note_Content or "") ..
        ("\n(merged from duplicate contact %s, %s)"):format(m.dup.id, m.dup.Full_Name),
    }
  end
  if #copies > 0 then
    for _, r in ipairs(crm.notes.create("Contacts", m.keep.id, copies)) do
      if r.status ~= "success" then error(("copying a note of %s: %s %s"):format(m.dup.id, r.code, r.message)) end
    end
    moved = moved + #copies
  end
  ids[#ids + 1] = m.dup.id
end
local deleted = 0
if #ids > 0 then
  for _, r in ipairs(crm.records.delete("Contacts", ids)) do
    if r.status == "success" then deleted = deleted + 1 else print("not deleted:", r.id, r.code, r.message) end
  end
end
print(("%s merged: %s moved, %s deleted%s"):format(count(dup_groups, "group"), count(moved, "note"), count(deleted, "duplicate"),
  crm.dry_run() and " (dry run: nothing was written)" or ""))
