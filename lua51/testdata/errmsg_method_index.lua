local s
print(select(2, pcall(function() return s:upper() end)))
print(select(2, pcall(function() local o = {}; return o.child:go() end)))
print(select(2, pcall(function() return cfg:get() end)))
local t = {}
t.list:add(1)
