-- invalid arguments to debug.getinfo
local function e(f) local ok, m = pcall(f); print(ok, (string.gsub(tostring(m), "'", ""))) end
e(function() return debug.getinfo(1, "X") end)
e(function() return debug.getinfo("x") end)
print(debug.getinfo(50))
print(type(debug.getinfo(0)), debug.getinfo(0, "n").name)
