-- an upvalue shared between a coroutine body and the main chunk
local seen = 0
local co = coroutine.wrap(function()
  for i = 1, 3 do seen = seen + i; coroutine.yield(seen) end
  return "done"
end)
print(co(), seen)
seen = 100
print(co(), seen)
print(co(), co())
