local lib = {run = string.rep}
local up = string.rep
print(select(2, pcall(function() return lib.run() end)))
print(select(2, pcall(function() return up() end)))
print(select(2, pcall(function() local s = string; return s.rep() end)))
myrep = string.rep
print(select(2, pcall(function() return myrep() end)))
print(select(2, pcall(function() return lib["run"]() end)))
myrep()
