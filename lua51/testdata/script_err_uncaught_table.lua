-- an uncaught error with a table and __tostring
print("working")
error(setmetatable({code = "E1"}, {__tostring = function(e) return "custom error " .. e.code end}))
