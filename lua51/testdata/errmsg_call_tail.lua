local cb
local function run() return cb() end
print(select(2, pcall(run)))
local t = {}
local function run2() return t.go(1) end
print(select(2, pcall(run2)))
