-- class with __tostring, __eq, and __concat working on instances
local Tag = {}
Tag.__index = Tag
Tag.__tostring = function(t) return "#" .. t.name end
Tag.__eq = function(a, b) return a.name:lower() == b.name:lower() end
Tag.__concat = function(a, b) return tostring(a) .. tostring(b) end
local function tag(n) return setmetatable({name = n}, Tag) end
print(tostring(tag("vip")), tag("VIP") == tag("vip"), tag("a") == tag("b"), tag("a") .. tag("b"), tag("x") .. "!")
