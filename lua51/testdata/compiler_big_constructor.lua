-- Table constructors with more than 511 blocks of 50 positional fields need
-- SETLIST's extra word; the values after the 25550th must not be lost.
local t = loadstring("return {" .. string.rep("7,", 30000) .. "8}")()
print(#t, t[1], t[25550], t[25551], t[26000], t[30000], t[30001])

local f = loadstring("local a, b = 5, 6; local t = {" .. string.rep("a,", 26000) ..
  "b}; local x, y = a, b; return t, x, y")
local t2, x, y = f()
print(#t2, t2[25551], t2[26001], x, y)

-- a trailing call expands into the last block
local g = loadstring("local function three() return 1, 2, 3 end; return {" ..
  string.rep("0,", 25600) .. "three()}")
local t3 = g()
print(#t3, t3[25601], t3[25603])
