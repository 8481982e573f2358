-- an unknown option is a bad argument
local ok, msg = pcall(function() return collectgarbage("bogus") end)
print(ok, (string.gsub(msg, "'", "")))
