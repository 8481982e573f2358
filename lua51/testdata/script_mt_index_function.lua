-- __index as a function computing defaults
local calls = 0
local defaults = setmetatable({}, {__index = function(t, k)
  calls = calls + 1
  return "default_" .. tostring(k)
end})
defaults.set = "value"
print(defaults.set, defaults.a, defaults[1], calls)
local squares = setmetatable({}, {__index = function(t, n) local v = n * n; rawset(t, n, v); return v end})
print(squares[4], squares[4], rawget(squares, 4), rawget(squares, 5))
