-- the comparator sees the same calls as in Lua 5.1 (same algorithm)
local log = {}
local t = {9, 4, 7, 1, 8, 2, 6, 3, 5}
table.sort(t, function(a, b) log[#log + 1] = a .. "<" .. b; return a < b end)
print(table.concat(t, " "))
print(#log)
print(table.concat(log, " "))
