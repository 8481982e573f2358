-- goto is an ordinary name in Lua 5.1
local goto = 5
local t = {goto = "field"}
print(goto + 1, t.goto)
