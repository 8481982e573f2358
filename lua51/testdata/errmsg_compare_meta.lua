local mt = {__lt = function(a, b) return a.v < b.v end}
local x, y = setmetatable({v = 1}, mt), setmetatable({v = 2}, mt)
print(x < y, y < x)
print(select(2, pcall(function() return x <= y end)))
local other = setmetatable({v = 3}, {__lt = function() return true end})
print(select(2, pcall(function() return x < other end)))
