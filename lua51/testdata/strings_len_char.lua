local function why(ok, msg) return ok, (tostring(msg):match("%((.*)%)$") or msg) end
print(("abc"):len(), (""):len(), #"\0\0", string.char(), string.char(72, 105), #string.char(0, 0))
print(why(pcall(function() return string.char(256) end)))
print(why(pcall(function() return string.char(-1) end)))
