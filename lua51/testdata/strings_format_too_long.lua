print(pcall(function() return string.format("%123d", 1) end))
print(pcall(function() return string.format("%.123f", 1) end))
print(pcall(function() return string.format("%------d", 1) end))
print(string.format("%-+ #0d|%99d", 1, 1):len())
