-- each iteration of a for loop gets a fresh local
local fs = {}
for i = 1, 5 do fs[i] = function() return i * i end end
for i = 1, 5 do io.write(fs[i](), " ") end
print()
local gs = {}
for _, name in ipairs({"ann", "bob", "cy"}) do
  gs[#gs + 1] = function(greet) return greet .. ", " .. name end
end
for _, g in ipairs(gs) do print(g("hi")) end
local hs = {}
local j = 0
while j < 3 do
  j = j + 1
  local k = j
  hs[j] = function() return k, j end
end
for i = 1, 3 do print(hs[i]()) end
