-- stateful iterators made with closures
local function range(a, b, step)
  step = step or 1
  local i = a - step
  return function()
    i = i + step
    if (step > 0 and i <= b) or (step < 0 and i >= b) then return i end
  end
end
local out = {}
for i in range(1, 10, 3) do out[#out + 1] = i end
print(table.concat(out, " "))
out = {}
for i in range(5, 1, -2) do out[#out + 1] = i end
print(table.concat(out, " "))
local function chars(s)
  local i = 0
  return function() i = i + 1; if i <= #s then return i, s:sub(i, i) end end
end
for i, c in chars("lua") do print(i, c) end
