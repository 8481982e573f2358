-- select('#', ...) counts trailing nils too
print(select("#"))
print(select("#", nil))
print(select("#", 1, nil, nil))
print(select("#", nil, nil, 3))
local function f(...) return select("#", ...) end
print(f(), f(nil), f(1, 2, 3))
