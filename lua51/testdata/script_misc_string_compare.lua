-- string comparison is byte-wise
print("a" < "b", "B" < "a", "abc" < "abd", "ab" < "abc", "" < "a", "Z" < "z", "10" < "9")
local t = {"b10", "b9", "B1", "a"}
table.sort(t)
print(table.concat(t, " "))
