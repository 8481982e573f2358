-- debug.getmetatable / setmetatable ignore __metatable
local t = setmetatable({}, {__metatable = "locked", __index = {x = 1}})
print(getmetatable(t))
print(type(debug.getmetatable(t)), debug.getmetatable(t).__metatable)
print(t.x)
print(debug.setmetatable(t, nil) == t)
print(getmetatable(t), t.x)
print(debug.getmetatable(1))
