local obj = {name = "x"}
function obj:hello() return "hi " .. self.name end
print(obj:hello())
print(select(2, pcall(function() obj:bye() end)))
print(select(2, pcall(function() return ("x"):nope() end)))
obj:missing(1, 2)
