-- unpack with an explicit range keeps the holes
local t = {1, nil, 3}
print(unpack(t, 1, 3))
print(select("#", unpack(t, 1, 3)))
print(unpack({}, 1, 3))
print(select("#", unpack({}, 1, 5)))
local h = {[0] = "zero", [1] = "one", [-1] = "minus"}
print(unpack(h, -1, 1))
print(unpack({n = 1, "a", "b"}, 1, 2))
