-- positions outside 1..#t remove nothing and return nothing
local t = {10, 20, 30}
print(select("#", table.remove(t, 4)), #t)
print(select("#", table.remove(t, 0)), #t)
print(select("#", table.remove(t, -1)), #t)
print(select("#", table.remove(t, 3)), #t)
print(table.concat(t, ","))
local q = {}
for i = 1, 10 do q[i] = i end
local sum = 0
while #q > 0 do sum = sum + table.remove(q, 1) end
print(sum)
