-- an inconsistent comparator raises where Lua 5.1 does
local t = {}
for i = 1, 20 do t[i] = (i * 7) % 20 end
print(pcall(function() table.sort(t, function(a, b) return true end) end))
local u = {3, 1, 2}
print(pcall(function() table.sort(u, function(a, b) return true end) end))
print(table.concat(u, " "))
local v = {5, 5, 5, 5, 5, 5}
print(pcall(function() table.sort(v, function(a, b) return a <= b end) end))
