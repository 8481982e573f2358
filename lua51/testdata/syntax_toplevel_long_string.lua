print("a")
local s = [[
line
