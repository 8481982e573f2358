-- generators with coroutine.wrap
local function gen(n)
  return coroutine.wrap(function()
    for i = 1, n do coroutine.yield(i) end
  end)
end
local s = 0
for v in gen(10) do s = s + v end
print(s)
local function evens(limit)
  return coroutine.wrap(function()
    local i = 0
    while i <= limit do coroutine.yield(i); i = i + 2 end
  end)
end
local t = {}
for v in evens(9) do t[#t + 1] = v end
print(table.concat(t, ","))
