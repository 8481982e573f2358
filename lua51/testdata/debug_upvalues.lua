-- debug.getupvalue / setupvalue
local a, b = 1, 2
local function f() return a + b end
print(debug.getupvalue(f, 1))
print(debug.getupvalue(f, 2))
print(select("#", debug.getupvalue(f, 3)))
print(debug.setupvalue(f, 1, 10))
print(f(), a)
print(select("#", debug.setupvalue(f, 5, 0)))
print(select("#", debug.getupvalue(print, 1)))
local function counter()
  local n = 0
  return function() n = n + 1; return n end
end
local c = counter()
c(); c()
print(debug.getupvalue(c, 1))
