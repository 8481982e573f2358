-- memoisation through a closure over a cache table
local calls = 0
local function memoize(f)
  local cache = {}
  return function(n)
    local v = cache[n]
    if v == nil then v = f(n); cache[n] = v end
    return v
  end
end
local slowsq = function(n) calls = calls + 1; return n * n end
local sq = memoize(slowsq)
for _, n in ipairs({3, 4, 3, 3, 5, 4}) do io.write(sq(n), " ") end
print("calls=" .. calls)
local mfib
mfib = memoize(function(n) if n < 2 then return n end return mfib(n - 1) + mfib(n - 2) end)
print(mfib(60))
