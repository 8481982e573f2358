-- pcall returns every result of the function
print(pcall(function() return 1, nil, 3 end))
print(select("#", pcall(function() return nil, nil end)))
print(pcall(pcall, error, "x"))
