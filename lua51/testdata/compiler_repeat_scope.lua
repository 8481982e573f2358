-- repeat ... until: the condition is inside the body's scope.
local i = 0
repeat
  local j = i * 2
  i = i + 1
until j >= 6
print(i)

-- a local in the body shadows an outer one for the condition too
local stop = false
local n = 0
repeat
  local stop = n >= 2
  n = n + 1
until stop
print(n, stop)

-- nested repeat loops with captured locals checked in the condition
local fs = {}
local a = 0
repeat
  a = a + 1
  local mine = a
  fs[#fs + 1] = function() return mine end
  local b = 0
  repeat
    b = b + 1
    local inner = b + mine
  until inner > mine + 1
until mine == 3
print(#fs, fs[1](), fs[2](), fs[3]())

-- the condition calls a closure over a body local
local count = 0
repeat
  local v = count
  local check = function() return v >= 3 end
  count = count + 1
until check()
print(count)

-- repeat with a function-local loop and return
local function first_square_over(limit)
  local x = 0
  repeat
    x = x + 1
    local sq = x * x
    if sq > limit then return x, sq end
  until false
end
print(first_square_over(50))
