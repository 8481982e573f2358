-- table.setn is obsolete in Lua 5.1
print(pcall(function() table.setn({}, 3) end))
table.setn({}, 1)
