-- table.insert with one or four arguments
local t = {}
local ok, err = pcall(function() table.insert(t) end)
print(ok, err)
ok, err = pcall(function() table.insert(t, 1, 2, 3) end)
print(ok, err)
print(#t)
table.insert(t, 1, 2, 3)
