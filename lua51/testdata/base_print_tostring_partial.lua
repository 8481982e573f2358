-- what print wrote before tostring failed stays written
local orig = tostring
local n = 0
tostring = function(v) n = n + 1; if n == 3 then return nil end; return orig(v) end
print("a", "b", "c", "d")
