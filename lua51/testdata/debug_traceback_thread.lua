-- debug.traceback and getinfo of another coroutine: suspended in yield, or dead
local co = coroutine.create(function() local function w() coroutine.yield() end w() end)
coroutine.resume(co)
print(debug.traceback(co))
print(debug.traceback(co, "msg"))
print(debug.traceback(co, "msg", 1))
print(debug.getinfo(co, 0, "Sl") ~= nil)
local dead = coroutine.create(function() end); coroutine.resume(dead)
print(debug.traceback(dead))
