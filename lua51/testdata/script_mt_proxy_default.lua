-- a table with default values via a shared metatable keyed by table
local defaults = {}
local mt = {__index = function(t) return defaults[t] end}
local function setDefault(t, d) defaults[t] = d; setmetatable(t, mt) end
local a, b = {x = 1}, {}
setDefault(a, 0); setDefault(b, "none")
print(a.x, a.y, b.z)
