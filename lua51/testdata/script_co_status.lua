-- coroutine.status through a lifetime
local co
co = coroutine.create(function(a)
  print("inside", coroutine.status(co), a)
  local b = coroutine.yield(a + 1)
  print("resumed with", b)
  return "end", b * 2
end)
print(coroutine.status(co))
print(coroutine.resume(co, 1))
print(coroutine.status(co))
print(coroutine.resume(co, 20))
print(coroutine.status(co))
print(coroutine.resume(co))
