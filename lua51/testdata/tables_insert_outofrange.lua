-- positions past the end or below 1 are not errors in Lua 5.1
local t = {1, 2, 3}
table.insert(t, 10, "ten")
print(t[10], t[4], table.maxn(t))
local u = {"a", "b"}
table.insert(u, 0, "zero")
print(u[0], u[1], u[2], u[3])
local v = {"a", "b"}
table.insert(v, -1, "neg")
print(v[-1], v[0], v[1], v[2], v[3])
