local function why(ok, msg) return ok, (tostring(msg):match("%((.*)%)$") or msg) end
print(why(pcall(function() return string.rep("x", "a") end)))
print(why(pcall(function() return string.sub("x", {}) end)))
print(why(pcall(function() return string.format("%d", "x") end)))
