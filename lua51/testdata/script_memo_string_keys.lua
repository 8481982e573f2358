-- memoising by a string key built from arguments; nil results cached too
local NIL = {}
local hits, misses = 0, 0
local function memo(f)
  local cache = {}
  return function(...)
    local key = table.concat({...}, "\0")
    local v = cache[key]
    if v ~= nil then hits = hits + 1; if v == NIL then return nil end return v end
    misses = misses + 1
    v = f(...)
    cache[key] = v == nil and NIL or v
    return v
  end
end
local lookup = memo(function(module, id) if id == "0" then return nil end return module .. "/" .. id end)
print(lookup("Leads", "1"), lookup("Leads", "1"), lookup("Leads", "0"), lookup("Leads", "0"), lookup("Deals", "1"))
print(hits, misses)
