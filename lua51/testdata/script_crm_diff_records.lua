-- computing field changes between two versions of a record
local function diff(old, new)
  local keys, seen = {}, {}
  for k in pairs(old) do if not seen[k] then seen[k] = true; keys[#keys + 1] = k end end
  for k in pairs(new) do if not seen[k] then seen[k] = true; keys[#keys + 1] = k end end
  table.sort(keys)
  local changes = {}
  for _, k in ipairs(keys) do
    if old[k] ~= new[k] then changes[#changes + 1] = string.format("%s: %s -> %s", k, tostring(old[k]), tostring(new[k])) end
  end
  return changes
end
local before = {Stage = "Proposal", Amount = 1000, Owner = "ravi", Closing = "2024-05-01"}
local after = {Stage = "Won", Amount = 1000, Owner = "mia", Probability = 100}
for _, c in ipairs(diff(before, after)) do print(c) end
