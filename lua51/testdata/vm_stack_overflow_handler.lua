-- after a stack overflow an xpcall handler still runs, with the stack
-- intact, as 5.1 leaves it room to
local depth = 0
local function y() depth = depth + 1; y() end
local ok, tb = xpcall(y, debug.traceback)
print(ok, depth > 10000)
local lines = {}
for l in tb:gmatch("[^\n]+") do lines[#lines + 1] = l end
print(lines[1])
print(#lines, lines[2], lines[3], lines[14], lines[15])
print(lines[#lines - 2], lines[#lines])
-- a handler that overflows too ends as "error in error handling"
local function deep(m) return deep(m) + 1 end
print(xpcall(y, deep))
-- the state goes on
depth = 0
print(pcall(y))
print(depth > 10000)
