-- local declarations: more or fewer values, calls, varargs, outer names.
local function three() return 1, 2, 3 end
local a, b, c, d = three()
print(a, b, c, d)
local e, f = three(), 10
print(e, f)
local g = three()
print(g)
local h, i, j = 5
print(h, i, j)
local k = 1, 2, three()
print(k)
local calls = 0
local function side() calls = calls + 1 end
local l = 1, side(), side()
print(l, calls)
local m, n = (three())
print(m, n)
local function va(...) local p, q, r = ... return p, q, r end
print(va("x"), va("x", "y", "z", "w"))
local x = 1
local x, y = x + 1, x + 2
print(x, y)
local s, t = "s", {}
local s, t = t, s
print(type(s), t)
local nilv, nilw
print(nilv, nilw)
local z = nil
print(z)
-- a local initialised from a table constructor and a function
local tab, fn = {1, 2}, function() return "fn" end
print(#tab, fn())
