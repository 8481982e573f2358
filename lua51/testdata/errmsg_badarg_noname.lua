print(select(2, pcall(string.rep)))
print(select(2, pcall(string.upper)))
print(select(2, pcall(ipairs)))
print(select(2, pcall(setmetatable, 1)))
local t = {string.rep}
print(select(2, pcall(function() return t[1]() end)))
print(select(2, pcall(function() local k = "rep"; return string[k]() end)))
