print(pcall(function() return string.format("%y", 1) end))
print(pcall(function() return string.format("%l", 1) end))
print(pcall(function() return string.format("abc%", 1) end))
string.format("%z", 1)
