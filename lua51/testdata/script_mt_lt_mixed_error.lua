-- comparing a table with a number raises
local t = setmetatable({}, {__lt = function() return true end})
print(pcall(function() return t < t end))
local ok, err = pcall(function() return {} < {} end)
print(ok, (err:gsub("^.-:%d+: ", "")))
ok, err = pcall(function() return 1 < "2" end)
print(ok, (err:gsub("^.-:%d+: ", "")))
