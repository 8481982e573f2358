-- Each iteration of a numeric for gets a fresh local: closures keep their own.
local fs = {}
for i = 1, 5 do fs[i] = function() return i end end
print(fs[1](), fs[3](), fs[5]())

-- a local declared in the body is fresh each time too
local gs = {}
for i = 1, 3 do
  local sq = i * i
  gs[i] = function() sq = sq + 1; return sq end
end
print(gs[1](), gs[1](), gs[2](), gs[3](), gs[3]())

-- changing the loop variable inside the body does not steer the loop
local seen = {}
for i = 1, 3 do
  local f = function() i = i + 10; return i end
  seen[#seen + 1] = f()
end
print(table.concat(seen, " "))

-- closures sharing one iteration's local
local get, set = {}, {}
for i = 1, 2 do
  local v = i
  get[i] = function() return v end
  set[i] = function(x) v = x end
end
set[1](100)
print(get[1](), get[2]())

-- break out of a loop whose locals are captured
local hs = {}
for i = 1, 10 do
  local j = i * 2
  hs[#hs + 1] = function() return j end
  if i == 3 then break end
end
print(#hs, hs[1](), hs[2](), hs[3]())

-- nested loops
local ns = {}
for i = 1, 2 do
  for j = 1, 2 do
    ns[#ns + 1] = function() return i * 10 + j end
  end
end
print(ns[1](), ns[2](), ns[3](), ns[4]())
