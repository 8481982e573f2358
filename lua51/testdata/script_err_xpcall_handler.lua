-- xpcall passes the error to the handler
local function handler(e) return "handled: " .. tostring(e):gsub("^.-:%d+: ", "") end
print(xpcall(function() error("oops") end, handler))
print(xpcall(function() return 1, 2 end, handler))
print(xpcall(function() local t = nil; return t.x end, function(e) return type(e) end))
