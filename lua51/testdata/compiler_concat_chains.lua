-- Long concatenation chains and their mix with arithmetic and calls.
local a, b, c = "a", "b", "c"
print(a .. b .. c .. a .. b .. c .. a .. b .. c .. a .. b .. c .. a .. b .. c .. a .. b .. c)
local n = 5
print("n=" .. n .. ", n+1=" .. n + 1 .. ", n*2=" .. n * 2 .. ", -n=" .. -n)
print(1 .. 2, 1 .. "" .. 2, ("x"):rep(2) .. ("y"):rep(2))
local function f(x) return "<" .. x .. ">" end
print(f(a) .. f(b) .. f(f(c)))
local t = {x = "X", y = {z = "Z"}}
print(t.x .. t.y.z .. t["x"] .. #t.x)

-- a chain long enough to use many registers
local parts = {}
for i = 1, 60 do parts[i] = "p" .. i end
local src = "local p = ...; return " .. table.concat((function()
  local e = {}
  for i = 1, 60 do e[i] = "p[" .. i .. "]" end
  return e
end)(), " .. ")
print(#loadstring(src)(parts), loadstring(src)(parts):sub(1, 12))

-- concat is right associative: metamethods see that order
local mt = {__concat = function(l, r)
  local lv = type(l) == "table" and l.v or l
  local rv = type(r) == "table" and r.v or r
  return "(" .. lv .. "+" .. rv .. ")"
end}
local x = setmetatable({v = "x"}, mt)
print(x .. "1" .. "2", "1" .. x .. "2", "1" .. "2" .. x, x .. x)

-- concat inside loops, with a local on both sides
local s = ""
for i = 1, 5 do s = s .. i .. "," end
print(s)
local acc = "start"
acc = acc .. "-" .. acc
print(acc)

-- numbers and concatenation
print(10 .. "", 1.5 .. "|", -3 .. "")
