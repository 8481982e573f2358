-- table.insert(t, pos, v) shifts t[pos..#t] up
local t = {"a", "b", "c"}
table.insert(t, 1, "first")
print(table.concat(t, " "))
table.insert(t, 3, "mid")
print(table.concat(t, " "))
table.insert(t, #t + 1, "last")
print(table.concat(t, " "))
table.insert(t, #t, "beforelast")
print(table.concat(t, " "), #t)
