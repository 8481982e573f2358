-- A local declared in a branch that can never run, inside loops (gopher-lua #540).
local n = 0
for _, x in ipairs({1, 2, 3}) do
  if false then local y = 1 end
  n = n + x
end
print("ipairs", n)

local sum = 0
for k, v in pairs({a = 1, b = 2}) do
  if nil then local z = k end
  sum = sum + v
end
print("pairs", sum)

local i, w = 0, 0
while i < 4 do
  i = i + 1
  if false then local q = 2 else w = w + i end
end
print("while", w)

local r = 0
repeat
  if false then local q = 1 end
  r = r + 1
until r >= 3
print("repeat", r)

local f = function()
  local acc = {}
  for _, s in ipairs({"x", "y"}) do
    if false then local unused = s end
    for _, t in ipairs({"1", "2"}) do
      if false then local unused2 = t end
      acc[#acc + 1] = s .. t
    end
  end
  return table.concat(acc, ",")
end
print("nested", f())

local function g()
  for _ in ipairs({1}) do
    if false then local x end
  end
  return 1
end
print("return", g())
