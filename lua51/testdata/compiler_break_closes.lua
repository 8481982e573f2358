-- break closes the upvalues of every block it leaves, so a closure made in
-- an inner block keeps its own value after the loop.
local f
while true do
  do
    local x = "captured"
    f = function() return x end
    if true then break end
  end
end
local y = "clobber"
print(f())

local g
for i = 1, 3 do
  if i == 2 then
    local z = "z" .. i
    g = function() return z end
    break
  end
end
local w = "clobber2"
print(g())

local hs = {}
for _, v in ipairs({"a", "b", "c"}) do
  do
    local captured = v .. "!"
    hs[#hs + 1] = function() return captured end
    if v == "b" then break end
  end
end
local junk1, junk2, junk3 = 1, 2, 3
print(hs[1](), hs[2](), #hs)

local r
repeat
  local outer = "o"
  if outer then
    local inner = "i"
    r = function() inner = inner .. "+"; return outer .. inner end
    break
  end
until true
local clobber = {}
print(r(), r())

-- the loop's own local captured before a break
local k
for n = 1, 5 do
  local sq = n * n
  k = function() return sq end
  if n == 3 then break end
end
local a, b = "x", "y"
print(k())
