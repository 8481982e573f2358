-- an error inside __tostring propagates from print
local obj = setmetatable({}, {__tostring = function() error("no text") end})
print(pcall(function() print(obj) end))
local obj2 = setmetatable({}, {__tostring = function() return 42 end})
print(pcall(function() print(obj2) end))
