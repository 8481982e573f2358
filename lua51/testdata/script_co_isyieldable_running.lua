-- coroutine.running inside and outside
print(coroutine.running() == nil)
local co = coroutine.create(function()
  local me = coroutine.running()
  print(type(me), coroutine.status(me))
end)
coroutine.resume(co)
print(coroutine.status(co))
