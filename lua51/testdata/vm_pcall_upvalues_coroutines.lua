-- errors inside coroutines and through Go functions keep outer upvalues
local total = 0
local function add(x) total = total + x end
local co = coroutine.create(function(a)
  add(a)
  local b = coroutine.yield("first")
  add(b)
  error("co failed", 0)
end)
print(coroutine.resume(co, 1))
print(coroutine.resume(co, 2))
print(coroutine.status(co), total)
add(3)
print(total)
-- a closure made inside a coroutine that died keeps its variable
local getter
local co2 = coroutine.create(function()
  local secret = "s1"
  getter = function() return secret end
  secret = "s2"
  error("died", 0)
end)
print(coroutine.resume(co2))
print(getter())
-- coroutine.wrap: the error passes to the caller, whose locals are intact
local hits = 0
local w = coroutine.wrap(function() hits = hits + 1; error("wrapped", 0) end)
print(pcall(w), hits)
hits = hits + 1
print(hits)
-- a pcall inside a coroutine leaves the coroutine's own locals alone
local co3 = coroutine.wrap(function()
  local c = 0
  local function inc() c = c + 1 end
  for i = 1, 3 do pcall(function() inc(); error("x") end) end
  inc()
  return c
end)
print(co3())
-- errors raised from Go functions: gsub callback, table.sort comparator
local calls = 0
local function counted() calls = calls + 1 end
print(pcall(string.gsub, "abc", "%w", function(c) counted(); if c == "b" then error("in gsub", 0) end end))
print(pcall(table.sort, {3, 1, 2}, function(a, b) counted(); error("in sort", 0) end))
counted()
print(calls)
