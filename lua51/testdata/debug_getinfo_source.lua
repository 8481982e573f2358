-- source, short_src and what, as libraries use them
local info = debug.getinfo(1, "S")
print(info.source, info.short_src, info.what)
print(info.source:sub(1, 1), info.source:sub(2))
local dir = info.source:sub(2):gsub("[^/]*$", "")
print(dir)
local function helper() return debug.getinfo(2, "S").source:sub(2) end
print(helper())
print(debug.getinfo(print, "S").what, debug.getinfo(print, "S").source)
