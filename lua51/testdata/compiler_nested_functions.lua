-- Nested functions and upvalues at several levels.
local function outer(a)
  local b = a * 2
  local function middle(c)
    local d = c + b
    local function inner(e)
      b = b + 1
      return a + b + c + d + e
    end
    return inner
  end
  return middle, function() return b end
end
local m, getb = outer(1)
local inner = m(10)
print(inner(100), inner(100), getb())

-- sibling closures share an upvalue
local function counter()
  local n = 0
  return function() n = n + 1; return n end, function() return n end, function(v) n = v end
end
local inc, get, set = counter()
inc(); inc()
print(get())
set(10); inc()
print(get())
local inc2, get2 = counter()
inc2()
print(get(), get2())

-- an upvalue captured after the local changes
local x = 1
local function readx() return x end
x = 2
print(readx())

-- recursion through a local function and through an upvalue
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(20))
local even, odd
function even(n) if n == 0 then return true end return odd(n - 1) end
function odd(n) if n == 0 then return false end return even(n - 1) end
print(even(10), odd(7), even(7))

-- local f = function refers to the outer f, local function to itself
local function f() return "outer f" end
do
  local f = function() return f() .. " via inner" end
  print(f())
end

-- functions as values in tables, returned and called immediately
print((function(...) return select("#", ...) end)(1, 2, 3))
local ops = {add = function(p, q) return p + q end, mul = function(p, q) return p * q end}
print(ops.add(2, 3), ops["mul"](2, 3))

-- a closure outliving its block
local keep
do
  local secret = "s3cret"
  keep = function() return secret end
end
print(keep())

-- deep nesting
local function l1() return function() return function() return function() return "deep" end end end end
print(l1()()()())
