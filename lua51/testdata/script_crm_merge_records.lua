-- merging duplicate records: first non-empty value wins, tags unioned
local function merge(recs)
  local out, tags, seen = {}, {}, {}
  local fields = {"Last_Name", "Email", "Phone", "Company"}
  for _, f in ipairs(fields) do
    for _, r in ipairs(recs) do
      if r[f] ~= nil and r[f] ~= "" then out[f] = r[f]; break end
    end
  end
  for _, r in ipairs(recs) do
    for _, t in ipairs(r.Tag or {}) do if not seen[t] then seen[t] = true; tags[#tags + 1] = t end end
  end
  out.Tag = tags
  return out, fields
end
local m, fields = merge({
  {Last_Name = "Lee", Email = "", Tag = {"vip"}},
  {Last_Name = "Lee J", Email = "lee@x.com", Phone = "123", Tag = {"web", "vip"}},
  {Company = "Acme", Tag = {"import"}},
})
for _, f in ipairs(fields) do print(f, m[f]) end
print(table.concat(m.Tag, ","))
