-- arithmetic metamethods on a money type (integer cents)
local M = {}
M.__index = M
local function money(c) return setmetatable({c = c}, M) end
M.__add = function(a, b) return money(a.c + b.c) end
M.__sub = function(a, b) return money(a.c - b.c) end
M.__mul = function(a, k) if type(a) == "number" then a, k = k, a end return money(a.c * k) end
M.__div = function(a, k) return money(math.floor(a.c / k)) end
M.__mod = function(a, k) return money(a.c % k) end
M.__unm = function(a) return money(-a.c) end
M.__pow = function(a, k) return money(a.c ^ k) end
M.__tostring = function(a)
  local sign = a.c < 0 and "-" or ""
  local c = math.abs(a.c)
  return string.format("%s$%d.%02d", sign, math.floor(c / 100), c % 100)
end
local a, b = money(1050), money(299)
print(tostring(a + b), tostring(a - b), tostring(b - a), tostring(a * 3), tostring(2 * b))
print(tostring(a / 4), tostring(a % 100), tostring(-a), tostring(money(3) ^ 2))
