-- xpcall with debug.traceback as handler
local function fail() error("boom") end
local function mid() fail() end
print(xpcall(mid, debug.traceback))
local t = {}
function t.go() error({}) end
local ok, e = xpcall(t.go, debug.traceback)
print(ok, type(e))
