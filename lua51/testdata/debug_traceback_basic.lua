-- debug.traceback in Lua 5.1's format
local function lvl3() print(debug.traceback("here")) end
local function lvl2() lvl3() end
function lvl1() lvl2() end
lvl1()
print(debug.traceback())
print(debug.traceback("msg", 1))
print(debug.traceback("msg", 2))
