local function f() return string.rep() end
print(select(2, pcall(f)))
local function g() return ("x"):rep({}) end
print(select(2, pcall(g)))
local function h() return math.floor({}) end
print(select(2, pcall(h)))
print(h())
