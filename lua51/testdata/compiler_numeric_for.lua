-- Numeric for: steps, signs, floats, limits evaluated once.
local function run(a, b, c)
  local t = {}
  if c then
    for i = a, b, c do t[#t + 1] = string.format("%g", i) end
  else
    for i = a, b do t[#t + 1] = string.format("%g", i) end
  end
  return table.concat(t, ",")
end
print(run(1, 5))
print(run(5, 1))
print(run(5, 1, -1))
print(run(1, 10, 3))
print(run(10, 1, -3))
print(run(0, 1, 0.25))
print(run(1, 0, -0.25))
print(run(0.5, 2.5))
print(run(1, 1))
print(run(1, 0))
print(run(-3, -1))
print(run(1, 2, 0.5))

-- the limit and step are evaluated once, before the loop
local calls = 0
local function limit() calls = calls + 1; return 3 end
local n = 0
for i = 1, limit() do n = n + i end
print("once", n, calls)

local lim = 3
local count = 0
for i = 1, lim do lim = 10; count = count + 1 end
print("fixed", count)

-- the loop variable is local to the loop
local i = "outer"
for i = 1, 2 do end
print("outer", i)

-- float accumulation
local s = 0
for x = 0.1, 1, 0.1 do s = s + 1 end
print("steps", s)

-- large counts
local total = 0
for j = 1, 10000 do total = total + j end
print("sum", total)

-- break and nested
local pairs_ = {}
for a = 1, 3 do
  for b = a, 3 do
    if b == 3 then break end
    pairs_[#pairs_ + 1] = a .. "-" .. b
  end
end
print(table.concat(pairs_, " "))
