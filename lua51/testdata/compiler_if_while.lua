-- if/elseif/else chains, while loops and break.
local function grade(n)
  if n >= 90 then return "A"
  elseif n >= 80 then return "B"
  elseif n >= 70 then return "C"
  elseif n >= 60 then return "D"
  else return "F" end
end
print(grade(95), grade(85), grade(75), grade(65), grade(5))

local function sign(x)
  local s
  if x > 0 then s = 1 elseif x < 0 then s = -1 else s = 0 end
  return s
end
print(sign(3), sign(-3), sign(0))

-- nested ifs
local function nested(a, b)
  if a then
    if b then return "ab" else return "a" end
  else
    if b then return "b" end
  end
  return "none"
end
print(nested(1, 1), nested(1, nil), nested(nil, 1), nested(nil, nil))

-- empty branches
local e = 0
if e == 0 then elseif e == 1 then else end
if e == 1 then else e = 5 end
print(e)

-- while with complex conditions and break
local i, j = 0, 10
while i < j and i ~= 7 do i = i + 1; j = j - 1 end
print(i, j)
local n = 0
while true do
  n = n + 1
  if n % 2 == 0 then
    if n > 6 then break end
  end
end
print(n)

-- while false never runs; a loop with only break
while false do print("never") end
while true do break end
repeat break until true
print("done")

-- collatz
local function steps(x) local c = 0 while x ~= 1 do if x % 2 == 0 then x = x / 2 else x = 3 * x + 1 end c = c + 1 end return c end
print(steps(27), steps(1), steps(6))
