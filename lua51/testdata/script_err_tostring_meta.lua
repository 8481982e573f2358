-- an error object with __tostring, caught
local E = {__tostring = function(e) return "E(" .. e.code .. ")" end}
local ok, e = pcall(error, setmetatable({code = 404}, E))
print(ok, tostring(e), e.code)
