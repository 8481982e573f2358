local a = {}
print(select(2, pcall(function() return -a end)))
print(select(2, pcall(function() return -{} end)))
print(select(2, pcall(function() return -nil end)))
print(-"2")
local b = "x"
print(-b)
