-- resuming a coroutine that is not suspended is an error value, in every state
local co1
local co2 = coroutine.create(function()
  print("co2 sees co1 as", coroutine.status(co1))
  print("resume normal:", coroutine.resume(co1))
  print("resume running:", coroutine.resume(coroutine.running()))
  return "co2 done"
end)
co1 = coroutine.create(function()
  print("co1 status inside:", coroutine.status(co1))
  print("co1 resumes co2:", coroutine.resume(co2))
  coroutine.yield("co1 yielded")
  return "co1 done"
end)
print(coroutine.resume(co1))
print(coroutine.status(co1), coroutine.status(co2))
print(coroutine.resume(co1))
print(coroutine.resume(co1))
print(coroutine.resume(co2))
-- wrap raises instead of returning false
local w
w = coroutine.wrap(function()
  local inner = coroutine.wrap(function() return w() end)
  return inner()
end)
print(pcall(w))
print(pcall(w))
-- a coroutine resuming itself through wrap
local self_w
self_w = coroutine.wrap(function() return self_w() end)
print(pcall(self_w))
-- yield across pcall inside a coroutine, then errors after resume
local co3 = coroutine.create(function()
  local ok, v = pcall(function() return coroutine.yield("in pcall") end)
  print("after yield in pcall:", ok, v)
  error("co3 failed", 0)
end)
print(coroutine.resume(co3))
print(coroutine.resume(co3, "resumed value"))
print(coroutine.status(co3))
-- resume arguments and yield results pass through
local co4 = coroutine.create(function(a, b)
  local c, d = coroutine.yield(a + b, a * b)
  return c .. d, select("#", coroutine.yield())
end)
print(coroutine.resume(co4, 2, 3))
print(coroutine.resume(co4, "x", "y"))
print(coroutine.resume(co4, 1, 2, 3))
print(coroutine.resume(co4))
