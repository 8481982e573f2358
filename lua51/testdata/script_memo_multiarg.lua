-- memoising a function of two arguments with a nested cache
local calls = 0
local function memo2(f)
  local cache = {}
  return function(a, b)
    local row = cache[a]
    if not row then row = {}; cache[a] = row end
    local v = row[b]
    if v == nil then v = f(a, b); row[b] = v end
    return v
  end
end
local binom
binom = memo2(function(n, k)
  calls = calls + 1
  if k == 0 or k == n then return 1 end
  return binom(n - 1, k - 1) + binom(n - 1, k)
end)
print(binom(30, 15), calls)
print(binom(30, 15), calls)
