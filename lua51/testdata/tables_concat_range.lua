-- table.concat(t, sep, i, j)
local t = {"a", "b", "c", "d", "e"}
print(table.concat(t, "-", 2))
print(table.concat(t, "-", 2, 4))
print(table.concat(t, "-", 3, 3))
print("[" .. table.concat(t, "-", 4, 2) .. "]")
print("[" .. table.concat(t, "-", 6) .. "]")
print(table.concat(t, "-", 1, 2))
local h = {[-1] = "m", [0] = "z", [1] = "o"}
print(table.concat(h, ",", -1, 1))
