-- print calls the global tostring for each argument
local orig = tostring
tostring = function(v) return "<" .. orig(v) .. ">" end
print(1, "a", nil, true)
print()
tostring = function(v) return 7 end
print("x", "y")
tostring = orig
print(1, "a", nil, true)
local mt = {__tostring = function(self) return "obj" .. self.id end}
print(setmetatable({id = 3}, mt))
