-- sort uses __lt for tables without a comparator
local mt = {__lt = function(a, b) return a.v < b.v end}
local t = {}
for i, v in ipairs{4, 1, 3, 2} do t[i] = setmetatable({v = v}, mt) end
table.sort(t)
for _, o in ipairs(t) do io.write(o.v, " ") end
print()
