local f = string.format
local inf = math.huge
print(f("%f|%e|%g|%5.1f|%-6f|%+f|%05f|%E|%G", inf, -inf, inf, inf, -inf, inf, inf, inf, -inf))
print(f("%d", 0) , f("%.3f", -0.0004))
