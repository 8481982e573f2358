-- tail calls show as "(tail call)"
local function leaf() return debug.traceback("t") end
local function tail() return leaf() end
print(tail())
print((tail()))
