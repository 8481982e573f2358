-- a value that is not a string or number is an error naming its index
print(pcall(function() return table.concat({1, {}, 3}) end))
print(pcall(function() return table.concat({true}) end))
print(pcall(function() return table.concat({1, 2}, ",", 1, 3) end))
table.concat({{}})
