local s = string.rep("ab", 20000)
local r, n = s:gsub("a", "xy")
print(#r, n)
local c = 0
for _ in s:gmatch("b") do c = c + 1 end
print(c, #s:rep(3), s:find("ba", 39990, true))
