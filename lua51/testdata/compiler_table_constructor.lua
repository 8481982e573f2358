-- Table constructors: positional fields, keyed fields and a trailing
-- multi-value expression, around the 50-field SETLIST blocks.
local function three() return "a", "b", "c" end
local function show(t, n)
  local parts = {}
  for i = 1, n do parts[i] = tostring(t[i]) end
  return table.concat(parts, " ")
end

local src50 = string.rep("0,", 50)
local t = loadstring("local three = ...; return {" .. src50 .. "three()}")(three)
print(#t, t[1], t[50], t[51], t[52], t[53])

t = loadstring("local three = ...; return {" .. string.rep("0,", 49) .. "three()}")(three)
print(#t, t[1], t[49], t[50], t[52])

t = loadstring("return {" .. src50 .. "x = 1}")()
print(#t, t[1], t[50], t.x)

t = loadstring("return {" .. src50 .. "[100] = 'k', 9}")()
print(t[1], t[50], t[51], t[52], t[100])

t = {1, 2, x = three()}
print(#t, t[1], t[2], t[3], t.x)

t = {1, 2, [10] = three()}
print(t[1], t[2], t[3], t[10])

t = {three(), x = 1, three()}
print(show(t, 4), t.x)

t = {three(), three()}
print(#t, show(t, 4))

t = {(three())}
print(#t, t[1])

t = {[1] = "k", "p"}
print(t[1])

t = {"p", [1] = "k"}
print(t[1])

local function pack(...) return {...}, {1, ...}, {..., 2}, {n = select("#", ...), ...} end
local a, b, c, d = pack(4, 5, 6)
print(#a, #b, #c, b[4], c[1], c[2], d.n, d[3])

a = pack()
print(#a)

local n = 0
local function nxt() n = n + 1; return n end
t = {nxt(), nxt(), k = nxt(), nxt()}
print(t[1], t[2], t.k, t[3])

t = {{1, 2}, {3, {4, 5}}, x = {y = {z = "deep"}}}
print(t[2][2][2], t.x.y.z)

t = {1, nil, 3}
print(t[1], t[2], t[3])
