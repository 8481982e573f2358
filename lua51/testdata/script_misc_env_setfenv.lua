-- setfenv/getfenv give a function its own globals
local sandbox = {print = print, x = "sandboxed"}
x = "global"
local function show() print(x) end
show()
setfenv(show, sandbox)
show()
print(getfenv(show) == sandbox, getfenv(1) == _G, _G.x)
local chunk = loadstring("y = 1; return x")
setfenv(chunk, setmetatable({}, {__index = _G}))
print(chunk(), y)
