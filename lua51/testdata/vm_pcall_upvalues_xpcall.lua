-- xpcall: the handler sees live upvalues, and afterwards the caller's
-- closures still share their variables
local count = 0
local function bump() count = count + 1 end
local function handler(e) bump(); return "handled: " .. tostring(e) end
for i = 1, 3 do
  print(xpcall(function() bump(); if i == 2 then error("boom", 0) end return i end, handler))
end
print(count)
local seen
local ok, err = xpcall(function()
  local inner = 10
  seen = function() return inner end
  inner = 11
  error("late", 0)
end, function(e) return e .. " " .. seen() end)
print(ok, err, seen())
