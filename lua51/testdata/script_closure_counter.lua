-- counters made by a factory keep separate state
local function counter(start, step)
  local n = start
  return function() n = n + step; return n end
end
local a, b = counter(0, 1), counter(100, 10)
for i = 1, 3 do print(a(), b()) end
print(a(), a(), b())
