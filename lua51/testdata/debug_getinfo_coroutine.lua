-- getinfo and traceback inside and about a coroutine
local co
co = coroutine.create(function(a)
  local i = debug.getinfo(1, "Sl")
  print(i.what, i.currentline)
  print(debug.getinfo(2))
  coroutine.yield()
end)
coroutine.resume(co, 1)
print(coroutine.status(co))
