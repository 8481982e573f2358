local function why(ok, msg) return ok, (tostring(msg):match("%((.*)%)$") or msg) end
print(why(pcall(function() return string.format("%d %d", 1) end)))
print(why(pcall(function() return string.format("%d", "x") end)))
print(why(pcall(function() return string.format("%s", {}) end)))
