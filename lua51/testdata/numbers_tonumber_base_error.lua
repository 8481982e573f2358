local function why(ok, msg) return ok, (tostring(msg):match("%((.*)%)$") or msg) end
print(why(pcall(function() return tonumber("1", 1) end)))
print(why(pcall(function() return tonumber("1", 37) end)))
print(tonumber("1", 36), tonumber("z", 36))
