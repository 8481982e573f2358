-- Lua 5.1's limits: about 16,000 nested Lua calls, about 200 nested
-- calls through C (Go) functions; both end in catchable errors
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print(depth(12000))
print(pcall(depth, 40000))
print(depth(100))
-- tail calls do not nest
local function loop(n) if n == 0 then return "tail done" end return loop(n - 1) end
print(loop(100000))
-- 190 levels through pcall work; unbounded nesting stops with an error
local function nest(n) if n == 0 then return "bottom" end local ok, v = pcall(nest, n - 1) return v end
print(nest(190))
local n = 0
local function f() n = n + 1; local ok, e = pcall(f); if not ok then error(e, 0) end end
print(pcall(f))
print(n >= 190, n <= 200)
n = 0
local t
t = setmetatable({}, {__index = function(t, k) n = n + 1; return t[k] end})
print(pcall(function() return t.x end))
print(n >= 190, n <= 200)
n = 0
local function g() n = n + 1; return (string.gsub("a", "a", g)) end
print(pcall(g))
print(n >= 190, n <= 200)
n = 0
local function c() n = n + 1; local co = coroutine.create(c); local ok, v = coroutine.resume(co); return v end
print(c())
print(n >= 190, n <= 200)
-- sort comparators and metamethods nest 190 deep
local function viaSort(k)
  if k == 0 then return 0 end
  local r
  table.sort({1, 2}, function(a, b) r = viaSort(k - 1); return a < b end)
  return r + 1
end
print(viaSort(190))
-- the state is intact afterwards
print(depth(10), select("#", unpack({}, 1, 100)))
