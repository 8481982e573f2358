local t = {}
local k = "x"
print(select(2, pcall(function() return t[k].y end)))
print(select(2, pcall(function() return t[1].y end)))
print(select(2, pcall(function() return t[k][1] end)))
print(select(2, pcall(function() t[1].y = 2 end)))
print(select(2, pcall(function() return ({})[1].x end)))
print(t[true].z)
