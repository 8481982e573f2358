local t = {find = string.find, upper = string.upper, rep = string.rep}
print(select(2, pcall(function() return t:find("x") end)))
print(select(2, pcall(function() return t:upper() end)))
print(select(2, pcall(function() return t:rep(2) end)))
print(select(2, pcall(function() return ("abc"):find({}) end)))
print(select(2, pcall(function() return ("abc"):sub() end)))
print(("abc"):upper())
t:upper()
