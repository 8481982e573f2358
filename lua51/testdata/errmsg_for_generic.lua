print(select(2, pcall(function() for k in nil do end end)))
print(select(2, pcall(function() for k in 5 do end end)))
print(select(2, pcall(function() for k in next, 5 do end end)))
print(select(2, pcall(function() for k, v in pairs(nil) do end end)))
print(select(2, pcall(function() for k, v in ipairs() do end end)))
local t = {}
print(select(2, pcall(function() for k in t.a.b do end end)))
for k, v in t do end
