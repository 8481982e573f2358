-- dedupe leads by lower-cased, trimmed email, keeping the first
local leads = {
  {id = "1", name = "Ann", email = "Ann@Example.com"},
  {id = "2", name = "Bob", email = "bob@example.com"},
  {id = "3", name = "Ann B", email = " ann@example.COM "},
  {id = "4", name = "Cy", email = nil},
  {id = "5", name = "Bob 2", email = "BOB@example.com"},
  {id = "6", name = "Dee", email = "dee@example.com"},
}
local seen, kept, dups = {}, {}, {}
for _, l in ipairs(leads) do
  local key = l.email and l.email:lower():match("^%s*(.-)%s*$")
  if not key then kept[#kept + 1] = l
  elseif seen[key] then dups[#dups + 1] = l.id .. "->" .. seen[key]
  else seen[key] = l.id; kept[#kept + 1] = l end
end
for _, l in ipairs(kept) do io.write(l.id, " ") end
print()
print(table.concat(dups, " "))
