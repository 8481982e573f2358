local z = 0
local nz = -z
print(nz, 1/nz, tostring(nz), nz .. "", string.format("%s", nz))
print(math.ceil(-0.5), math.floor(nz), z * -1)
