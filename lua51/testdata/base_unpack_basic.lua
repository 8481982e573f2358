-- unpack(t) returns t[1..#t]
print(unpack({1, 2, 3}))
print(select("#", unpack({})))
local a, b, c = unpack({"x", "y"})
print(a, b, c)
print(unpack({1, 2, 3}, 2))
print(unpack({1, 2, 3}, 2, 3))
print(select("#", unpack({1, 2, 3}, 3, 2)))
