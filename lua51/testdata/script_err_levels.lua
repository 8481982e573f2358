-- error levels decide which position is reported
local function check(x) if type(x) ~= "number" then error("expected number", 2) end return x end
local function caller() return check("no") end
local ok, err = pcall(caller)
print(ok, err)
local ok2, err2 = pcall(function() error("level one") end)
print(ok2, err2)
local ok3, err3 = pcall(function() error("no position", 0) end)
print(ok3, err3)
