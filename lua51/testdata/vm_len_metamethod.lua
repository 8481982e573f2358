-- # on tables and strings never consults __len in Lua 5.1
local mt = {__len = function() return 99 end}
local t = setmetatable({1, 2, 3}, mt)
print(#t, #setmetatable({}, mt))
local s_mt = getmetatable("")
s_mt.__len = function() return 77 end
print(#"abcd")
s_mt.__len = nil
-- table.getn, the # of an empty table, and a border after a nil
print(table.getn(t), #{}, #{nil}, #{1, 2, nil, 4} == 4 or #{1, 2, nil, 4} == 2)
-- # of other values still fails without __len
print(pcall(function() return #5 end))
print(pcall(function() local b = true; return #b end))
