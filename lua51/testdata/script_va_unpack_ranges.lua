-- unpack with explicit ranges and with a large list
local t = {}
for i = 1, 200 do t[i] = i end
print(select("#", unpack(t)))
local a, b = unpack(t, 199)
print(a, b)
print(unpack(t, 5, 3))
print(math.max(unpack(t)), math.min(unpack(t, 50, 60)))
print(string.char(unpack({72, 105, 33})))
