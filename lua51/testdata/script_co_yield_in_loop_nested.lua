-- yield from a nested function call inside the coroutine
local function emitAll(t) for _, v in ipairs(t) do coroutine.yield(v) end end
local co = coroutine.wrap(function()
  emitAll({1, 2})
  emitAll({3})
  return "last"
end)
print(co(), co(), co(), co())
