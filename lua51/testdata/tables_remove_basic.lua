-- table.remove returns the removed value and shifts down
local t = {"a", "b", "c", "d"}
print(table.remove(t))
print(table.concat(t, ","), #t)
print(table.remove(t, 1))
print(table.concat(t, ","), #t)
print(table.remove(t, 2))
print(table.concat(t, ","), #t)
print(table.remove(t, 1), #t)
