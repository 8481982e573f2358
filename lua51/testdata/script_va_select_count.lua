-- select('#') counts trailing nils
local function n(...) return select("#", ...) end
print(n(), n(nil), n(1, nil), n(nil, nil, nil), n(1, 2, 3))
print(select(2, "a", "b", "c"))
print(select(-1, "a", "b", "c"))
print(select(-2, "a", "b", "c"))
print((select(2, "a", "b", "c")))
