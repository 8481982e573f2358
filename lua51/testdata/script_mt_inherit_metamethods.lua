-- metamethods are not inherited through __index; they live on the metatable
local Base = {__tostring = function(o) return "Base:" .. o.name end}
Base.__index = Base
local Derived = setmetatable({}, {__index = Base})
Derived.__index = Derived
local d = setmetatable({name = "d"}, Derived)
print(tostring(d):sub(1, 6) == "table:", Derived.__tostring ~= nil)
Derived.__tostring = Derived.__tostring
print(tostring(d))
