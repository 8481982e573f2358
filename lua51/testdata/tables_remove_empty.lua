-- removing from an empty table returns nothing at all
local t = {}
print(select("#", table.remove(t)))
print(select("#", table.remove(t, 1)))
print(table.remove(t) == nil, #t)
