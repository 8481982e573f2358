print(("abc"):gsub("%w", function(c) if c == "b" then return false end return c:upper() end))
print(("hello"):gsub("(l)(l)", function(a, b) return a .. "|" .. b end))
print(("a1b2"):gsub("%d", function(d) return d * 2 end))
print(("abc"):gsub("()", function(p) return p end))
local calls = 0
print(("x y z"):gsub("%a", function() calls = calls + 1 end), calls)
