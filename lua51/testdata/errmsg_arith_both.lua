local a, b = {}, true
print(select(2, pcall(function() return a + b end)))
print(select(2, pcall(function() return b + a end)))
print(select(2, pcall(function() return 1 + b end)))
local x = nil
print(x + a)
