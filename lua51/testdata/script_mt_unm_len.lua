-- __unm; __len is ignored for tables in 5.1
local v = setmetatable({3, 4}, {__unm = function(t) return "negated " .. t[1] end, __len = function() return 99 end})
print(-v, #v)
