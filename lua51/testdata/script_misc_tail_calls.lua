-- tail calls do not grow the stack
local function loop(n, acc) if n == 0 then return acc end return loop(n - 1, acc + 1) end
print(loop(100000, 0))
local function a(n) if n == 0 then return "a" end return b(n - 1) end
function b(n) if n == 0 then return "b" end return a(n - 1) end
print(a(10001))
