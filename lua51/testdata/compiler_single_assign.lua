-- Single assignments whose target also appears on the right.
local a = 1
a = a + 1; print(a)
a = -a; print(a)
a = a * a - a; print(a)
local t = {n = 0, 5, 6, 7}
t.n = t.n + 1; print(t.n)
t[t.n] = t[t.n] * 10; print(t[1])
t[#t + 1] = #t; print(t[4], #t)
local s = "x"
s = s .. s .. s; print(s)
s = {s}; print(type(s), s[1])
s = s[1]; print(s)
local function id(v) return v end
s = id(s) .. id(s); print(s)
local n = {v = {v = {v = "deep"}}}
n = n.v; n = n.v.v; print(n)
local k = "key"
local m = {key = "val"}
k = m[k]; print(k)
local b = 3
b = b > 2; print(b)
b = not b; print(b)
b = #"abc" + (b and 1 or 2); print(b)
-- upvalue and global targets
local up = 1
local function f() up = up + 1; return up end
f(); print(f())
G = 1; G = G + G; print(G)
-- a compound on the right reading a field of the target
local obj = {next = {next = {value = "end"}}}
obj = obj.next.next.value; print(obj)
-- assignment of a call to a parameter
local function param(x, y) y = tostring(y) .. x; x = string.rep(x, 2); return x, y end
print(param("a", 1))
-- function definitions assigned to fields and locals
local ns = {}
function ns.f(x) return x + 1 end
local g
g = function(x) return ns.f(x) * 2 end
print(ns.f(1), g(1))
local function rec(n) if n <= 1 then return 1 end return n * rec(n - 1) end
print(rec(10))
