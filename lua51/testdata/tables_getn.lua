-- table.getn is the length
print(table.getn({}))
print(table.getn({1, 2, 3}))
print(table.getn({n = 10}))
local t = {}
for i = 1, 100 do t[i] = i end
print(table.getn(t))
