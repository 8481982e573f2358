-- comparison metamethods on version objects
local V = {}
V.__index = V
local function ver(s)
  local a, b, c = s:match("(%d+)%.(%d+)%.(%d+)")
  return setmetatable({tonumber(a), tonumber(b), tonumber(c)}, V)
end
function V.__eq(x, y) return x[1] == y[1] and x[2] == y[2] and x[3] == y[3] end
function V.__lt(x, y)
  for i = 1, 3 do if x[i] ~= y[i] then return x[i] < y[i] end end
  return false
end
function V.__le(x, y) return not V.__lt(y, x) end
V.__tostring = function(v) return table.concat(v, ".") end
local a, b, c = ver("1.2.10"), ver("1.10.0"), ver("1.2.10")
print(a == c, a ~= b, a < b, b < a, a <= c, b <= a, a > b, b >= a)
local list = {ver("2.0.0"), ver("1.0.1"), ver("1.0.0"), ver("1.10.0"), ver("1.9.9")}
table.sort(list)
local s = {}
for i, v in ipairs(list) do s[i] = tostring(v) end
print(table.concat(s, " < "))
