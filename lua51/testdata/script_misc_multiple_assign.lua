-- multiple assignment evaluates all expressions first
local a, b, c = 1, 2, 3
a, b, c = c, a, b
print(a, b, c)
local t = {1, 2}
local i = 1
i, t[i] = i + 1, "changed"
print(i, t[1], t[2])
local x, y = 1
print(x, y)
local p, q = 1, 2, 3
print(p, q)
