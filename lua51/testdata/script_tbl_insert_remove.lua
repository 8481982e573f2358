-- table.insert and table.remove at positions
local t = {"a", "b", "c"}
table.insert(t, "d")
table.insert(t, 1, "z")
table.insert(t, 3, "m")
print(table.concat(t, ","), #t)
print(table.remove(t), table.remove(t, 1), table.remove(t, 2))
print(table.concat(t, ","), #t)
local e = {}
print(table.remove(e), #e)
local q = {}
for i = 1, 5 do table.insert(q, i) end
local out = {}
while #q > 0 do out[#out + 1] = table.remove(q, 1) end
print(table.concat(out, " "))
