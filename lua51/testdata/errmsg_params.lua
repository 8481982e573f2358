local function greet(name, title) return title .. " " .. name end
print(greet("Ann", "Dr"))
print(select(2, pcall(greet, "Ann")))
local function vararg(...) local a, b = ...; return b.x end
print(select(2, pcall(vararg, 1)))
local obj = {}
function obj:m(x) return self.v + x end
print(select(2, pcall(obj.m, obj, 1)))
greet(nil, "Mr")
