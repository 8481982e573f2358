-- mapping CSV-style rows to CRM field names with transforms
local mapping = {
  {from = "first", to = "First_Name"},
  {from = "last", to = "Last_Name", transform = string.upper},
  {from = "mail", to = "Email", transform = function(v) return v:lower() end},
  {from = "revenue", to = "Annual_Revenue", transform = tonumber},
}
local rows = {
  {first = "ann", last = "lee", mail = "ANN@X.COM", revenue = "1200"},
  {first = "bo", last = "kim", mail = "Bo@Y.org"},
}
for _, row in ipairs(rows) do
  local rec = {}
  for _, m in ipairs(mapping) do
    local v = row[m.from]
    if v ~= nil then rec[m.to] = m.transform and m.transform(v) or v end
  end
  local keys = {}
  for k in pairs(rec) do keys[#keys + 1] = k end
  table.sort(keys)
  local parts = {}
  for _, k in ipairs(keys) do parts[#parts + 1] = k .. "=" .. tostring(rec[k]) end
  print(table.concat(parts, " "))
end
