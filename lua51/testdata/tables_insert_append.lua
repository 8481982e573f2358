-- table.insert(t, v) appends after #t
local t = {}
for i = 1, 5 do table.insert(t, i * 10) end
print(#t, table.concat(t, ","))
table.insert(t, "x")
print(#t, t[6])
local r = {table.insert(t, "y")}
print(#r, #t)
