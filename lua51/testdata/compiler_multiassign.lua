-- Multiple assignment evaluates everything before it assigns (Lua 5.1
-- manual 2.4.3; gopher-lua #440, #158, #315).
local a, b = 1, 2
a, b = b, a
print("swap", a, b)

local x, y, z = 1, 2, 3
x, y, z = z, x, y
print("rotate", x, y, z)

local p, q = 0, 0
p, q = p + 1, p + q
print("#440", p, q)

local t = {10, 20, 30}
local i, j = 1, 3
t[i], t[j] = t[j], t[i]
print("tswap", t[1], t[2], t[3])

-- the manual's example
i = 3
local arr = {}
i, arr[i] = i + 1, 20
print("manual", i, arr[3], arr[4])

-- #158: the index is read before it is changed
local k = 1
local tk = {}
tk[k], k = 20, 2
print("#158", tk[1], tk[2], k)

-- #315
local obj = {}
local d = "e"
local f = 1
f, obj.d = f, d
print("#315", f, obj.d)

-- a table variable reassigned in the same statement
local tab = {}
local old = tab
tab, tab.x = {}, 1
print("tab", old.x, tab.x)
tab = old
tab.y, tab = 2, {}
print("tab2", old.y, tab.y)

-- globals and upvalues
g1, g2 = 1, 2
g1, g2 = g2, g1
print("globals", g1, g2)
local up1, up2 = "u1", "u2"
local function swapup() up1, up2 = up2, up1 end
swapup()
print("upvalues", up1, up2)

-- mixed kinds of targets
local loc = 1
local mt = {}
local function mixed()
  loc, g1, mt.f, mt[loc] = g1, loc, loc + 100, "m"
end
mixed()
print("mixed", loc, g1, mt.f, mt[1], mt[2])

-- more values than targets: all are evaluated, extras dropped
local calls = 0
local function count(v) calls = calls + 1; return v end
local m1, m2 = 0, 0
m1, m2 = count(1), count(2), count(3), count(4)
print("extra", m1, m2, calls)

-- fewer values than targets
local n1, n2, n3 = 1, 2, 3
n1, n2, n3 = 9
print("fewer", n1, n2, n3)

-- a call or ... last expands to fill
local function three() return "a", "b", "c" end
local c1, c2, c3, c4 = 0, 0, 0, 0
c1, c2, c3, c4 = 1, three()
print("call", c1, c2, c3, c4)
c1, c2, c3 = three(), 5
print("cut", c1, c2, c3)
c1, c2, c3 = (three())
print("paren", c1, c2, c3)
local function va(...)
  local r1, r2, r3 = 0, 0, 0
  r1, r2, r3 = ...
  local s1, s2 = 0, 0
  s1, s2 = ..., "last"
  return r1, r2, r3, s1, s2
end
print("vararg", va("x", "y"))

-- the call on the right sees the old values
local w1, w2 = 1, 2
local function peek() return w1 + w2 end
w1, w2 = peek(), peek()
print("peek", w1, w2)

-- the same variable twice: lua5.1 assigns right to left, so the first wins
local dup
dup, dup = 1, 2
print("dup", dup)

-- fields and nested tables
local n = {a = {b = 1}, c = 2}
n.a.b, n.c = n.c, n.a.b
print("nested", n.a.b, n.c)

-- string keys and computed keys
local sk = {}
local key = "k"
sk[key], key = "v", "other"
print("key", sk.k, sk.other, key)

-- one target, many values
local one = 0
local function bump() one = one + 10; return one end
one = 5, bump()
print("one", one)

-- inside loops
local fib1, fib2 = 0, 1
for _ = 1, 10 do fib1, fib2 = fib2, fib1 + fib2 end
print("fib", fib1, fib2)

-- bubble sort with swaps
local arr2 = {5, 3, 4, 1, 2}
for ii = 1, #arr2 do
  for jj = 1, #arr2 - ii do
    if arr2[jj] > arr2[jj + 1] then arr2[jj], arr2[jj + 1] = arr2[jj + 1], arr2[jj] end
  end
end
print("sort", table.concat(arr2, " "))
