-- values flow both ways through resume and yield
local co = coroutine.create(function(...)
  print("start", select("#", ...), ...)
  local x, y = coroutine.yield("first", "yield")
  print("got", x, y)
  local z = coroutine.yield()
  print("got", z)
  return 1, 2, 3
end)
print(coroutine.resume(co, "a", nil, "c"))
print(coroutine.resume(co, 10, 20))
print(coroutine.resume(co, nil))
print(coroutine.resume(co))
