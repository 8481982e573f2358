-- resuming a dead coroutine, and yielding across pcall inside a coroutine
local co = coroutine.create(function() return 1 end)
print(coroutine.resume(co))
print(coroutine.resume(co))
local w = coroutine.wrap(function() return 1 end)
w()
print(pcall(w))
