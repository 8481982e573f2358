-- debug.sethook / gethook round trip
print(debug.gethook())
local function hook() end
debug.sethook(hook, "lc", 0)
local f, mask, count = debug.gethook()
print(f == hook, mask, count)
debug.sethook()
print(debug.gethook())
