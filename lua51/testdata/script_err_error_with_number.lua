-- error with a number value
local ok, e = pcall(error, 42)
print(ok, e, type(e))
local ok2, e2 = pcall(function() error(42) end)
print(ok2, e2, type(e2))
