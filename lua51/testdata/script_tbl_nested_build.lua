-- building nested tables on demand
local function path(t, ...)
  for i = 1, select("#", ...) do
    local k = select(i, ...)
    t[k] = t[k] or {}
    t = t[k]
  end
  return t
end
local tree = {}
table.insert(path(tree, "emea", "de", "berlin"), "lead1")
table.insert(path(tree, "emea", "de", "berlin"), "lead2")
table.insert(path(tree, "emea", "fr", "paris"), "lead3")
table.insert(path(tree, "apac", "in", "chennai"), "lead4")
local function dump(t, indent)
  local keys = {}
  for k in pairs(t) do if type(k) == "string" then keys[#keys + 1] = k end end
  table.sort(keys)
  for _, k in ipairs(keys) do
    local v = t[k]
    local items = #v > 0 and (" = " .. table.concat(v, ",")) or ""
    print(indent .. k .. items)
    dump(v, indent .. "  ")
  end
end
dump(tree, "")
