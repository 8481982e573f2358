-- Block scoping and shadowing.
local x = "outer"
do
  local x = "inner"
  print(x)
  do
    local x = x .. "+"
    print(x)
  end
  print(x)
end
print(x)

local a = 1
local a = a + 1
print(a)

local y = 10
if true then local y = y * 2; print(y) end
print(y)

for i = 1, 1 do local y = "loop"; print(y) end
print(y)

local function shadow(x) local x = x or "default"; return x end
print(shadow(), shadow("given"))

-- a local with the same name as a global
g = "global"
local g = "local"
print(g, _G.g)

-- locals declared after a use see the global until then
print(h)
local h = 1
print(h)

-- local declarations without values are nil, even in loops
for i = 1, 2 do
  local v
  print(i, v)
  v = i
end

-- locals in if/else branches
local function branch(c)
  if c then local r = "then"; return r else local r = "else"; return r end
end
print(branch(true), branch(false))

-- local function names are in scope of their body
local function self_ref(n) if n > 0 then return self_ref(n - 1) + 1 end return 0 end
print(self_ref(5))
