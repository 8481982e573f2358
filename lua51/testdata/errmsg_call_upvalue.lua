local handler
local function fire() return handler("event") end
local function fire2() handler("event") end
print(select(2, pcall(fire)))
print(select(2, pcall(fire2)))
