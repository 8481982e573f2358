-- unpack and select together
local t = {10, 20, 30, 40}
print(select(2, unpack(t)))
print(select(-1, unpack(t)))
print(select("#", unpack(t, 2, 6)))
local packed = {unpack(t, 3)}
print(#packed, packed[1], packed[2])
local function pack(...) return {n = select("#", ...), ...} end
local p = pack(unpack({1, nil, 3}, 1, 3))
print(p.n, p[1], p[2], p[3])
