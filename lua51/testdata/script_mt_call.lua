-- __call makes tables callable
local Multiplier = setmetatable({factor = 3}, {__call = function(self, x, y) return self.factor * x, y end})
print(Multiplier(5, "extra"))
local Class = setmetatable({}, {__call = function(cls, name) return {name = name, cls = cls} end})
local o = Class("thing")
print(o.name, o.cls == Class)
print(pcall(function() local t = setmetatable({}, {}); return t() end) == false)
