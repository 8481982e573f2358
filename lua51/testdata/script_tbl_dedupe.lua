-- remove duplicates keeping first occurrence and order
local function dedupe(list)
  local seen, out = {}, {}
  for _, v in ipairs(list) do
    if not seen[v] then seen[v] = true; out[#out + 1] = v end
  end
  return out
end
print(table.concat(dedupe({3, 1, 3, 2, 1, 5, 2}), " "))
print(table.concat(dedupe({"b", "a", "b", "c", "a"}), " "))
print(#dedupe({}))
