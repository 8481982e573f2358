-- the main chunk's ... and arg with no arguments
print(select("#", ...))
print(type(arg), arg[1])
local function f(...) local arg = {...}; return #arg end
print(f(1, 2, 3))
