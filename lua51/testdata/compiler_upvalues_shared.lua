-- Upvalues shared between closures, across loops, coroutines and calls.
local function make()
  local n = 0
  local obj = {}
  function obj.inc() n = n + 1 return n end
  function obj.dec() n = n - 1 return n end
  function obj.get() return n end
  return obj
end
local o1, o2 = make(), make()
o1.inc(); o1.inc(); o2.dec()
print(o1.get(), o2.get())

-- closures made in a loop share an outer local but not the loop's locals
local total = 0
local adders = {}
for i = 1, 3 do adders[i] = function() total = total + i; return total end end
print(adders[1](), adders[2](), adders[3](), total)

-- an upvalue of an upvalue
local function level1()
  local v = "v1"
  return function()
    return function() v = v .. "+"; return v end
  end
end
local deep = level1()()
print(deep(), deep())

-- a coroutine sharing an upvalue with its creator
local shared = 0
local co = coroutine.wrap(function()
  for _ = 1, 3 do shared = shared + 10; coroutine.yield(shared) end
end)
print(co(), shared, co(), shared)

-- upvalues survive the function that created them returning
local function gen(start)
  local cur = start
  return function() local r = cur; cur = cur * 2; return r end
end
local g1 = gen(1)
local g3 = gen(3)
print(g1(), g1(), g3(), g1(), g3())

-- a parameter captured and modified
local function param(p)
  local get = function() return p end
  p = p .. "!"
  return get()
end
print(param("x"))
