-- The examples of issue 11, as a user first met them.
local a, b = 1, 2; a, b = b, a; print(a, b)
local n = 0
local function try(f) n = n + 1; pcall(f) end
try(function() end); try(function() error("x") end); try(function() end)
print(n)
local t = {}; for i = 1, 3000 do t[i] = "row" .. i end
print(#table.concat(t, "\n"))
print(tonumber("1e2"), 0.1 + 0.2, "0010" + 0)
