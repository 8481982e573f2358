-- {...} with nils; keep the count with select('#')
local function pack(...) return {n = select("#", ...), ...} end
local p = pack(1, nil, 3, nil)
print(p.n, p[1], p[2], p[3], p[4])
local parts = {}
for i = 1, p.n do parts[i] = tostring(p[i]) end
print(table.concat(parts, ","))
print(unpack({1, 2, 3}))
print(unpack({1, nil, 3}, 1, 3))
print(unpack({"a", "b", "c"}, 2))
print(unpack({"a", "b", "c"}, 2, 3))
print(select("#", unpack({}, 1, 4)))
