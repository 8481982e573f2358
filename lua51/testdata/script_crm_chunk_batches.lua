-- splitting records into chunks of 100 and reporting ranges
local function chunks(list, size)
  local out = {}
  for i = 1, #list, size do
    local c = {}
    for j = i, math.min(i + size - 1, #list) do c[#c + 1] = list[j] end
    out[#out + 1] = {from = i, to = i + #c - 1, items = c}
  end
  return out
end
local recs = {}
for i = 1, 250 do recs[i] = {Last_Name = "L" .. i} end
for _, c in ipairs(chunks(recs, 100)) do print(c.from, c.to, #c.items, c.items[1].Last_Name) end
print(#chunks({}, 100))
