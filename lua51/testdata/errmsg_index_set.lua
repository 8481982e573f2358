local a = {}
print(select(2, pcall(function() a.b.c = 1 end)))
print(select(2, pcall(function() x.y.z = 1 end)))
print(select(2, pcall(function() local s; s[1] = 2 end)))
local r = nil
r.field = "v"
