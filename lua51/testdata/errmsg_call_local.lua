local t = {}
print(select(2, pcall(function() t() end)))
print(select(2, pcall(function() local n = 1; n() end)))
print(select(2, pcall(function() local s = "str"; return s() end)))
local f
f()
