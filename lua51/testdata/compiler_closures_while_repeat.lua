-- Locals of while and repeat bodies are fresh each iteration.
local fs = {}
local i = 1
while i <= 3 do
  local j = i
  fs[i] = function() return j end
  i = i + 1
end
print(fs[1](), fs[2](), fs[3]())

-- break from a while whose body local is captured
local gs = {}
local n = 0
while true do
  n = n + 1
  local m = n * 3
  gs[n] = function() return m end
  if n == 2 then break end
end
print(gs[1](), gs[2]())

-- repeat: the condition sees the body's locals
local k = 0
repeat
  local done = k >= 2
  k = k + 1
until done
print("k", k)

-- repeat with a captured body local, the condition reading it
local hs = {}
local c = 0
repeat
  c = c + 1
  local v = c * 10
  hs[c] = function() return v end
until v >= 30
print(hs[1](), hs[2](), hs[3]())

-- the captured local's closure sees later changes made in the same iteration
local ps = {}
local r = 0
repeat
  r = r + 1
  local x = r
  ps[r] = function() return x end
  x = x + 100
until r == 2
print(ps[1](), ps[2]())

-- break inside repeat
local q = 0
repeat
  q = q + 1
  if q == 5 then break end
until false
print("q", q)

-- nested while with break only leaving the inner loop
local out = {}
local a = 0
while a < 3 do
  a = a + 1
  local b = 0
  while true do
    b = b + 1
    if b > a then break end
    out[#out + 1] = a .. b
  end
end
print(table.concat(out, " "))
