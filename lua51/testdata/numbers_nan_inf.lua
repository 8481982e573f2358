local inf = 1/0
print(inf, -inf, math.huge, -math.huge, math.huge == inf)
local z = 0
print(z/z, -(z/z), tostring(z/z) == tostring(z/z))
print(inf - inf, inf * 0)
