-- a traceback inside a coroutine ends at the coroutine's function
local co = coroutine.create(function()
  local function inner() print(debug.traceback("in co")) end
  inner()
  coroutine.yield()
end)
coroutine.resume(co)
