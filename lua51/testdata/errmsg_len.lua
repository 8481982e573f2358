local t = 5
print(select(2, pcall(function() return #t end)))
print(select(2, pcall(function() return #nil end)))
print(select(2, pcall(function() local r = {}; return #r.items end)))
print(select(2, pcall(function() return #count end)))
print(#"abc", #{1, 2, 3})
local b = true
print(#b)
