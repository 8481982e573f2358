-- __eq is only consulted for two tables sharing the metamethod
local mt = {__eq = function() return true end}
local a, b = setmetatable({}, mt), setmetatable({}, mt)
local c = setmetatable({}, {__eq = function() return true end})
print(a == b, a == c, a == {}, a == 1, rawequal(a, b), rawequal(a, a))
