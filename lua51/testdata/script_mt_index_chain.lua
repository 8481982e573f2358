-- __index chains through several tables
local base = {kind = "base", greet = function() return "hello" end}
local mid = setmetatable({level = "mid"}, {__index = base})
local top = setmetatable({}, {__index = mid})
print(top.kind, top.level, top.greet(), top.missing)
print(rawget(top, "kind"), rawget(mid, "level"))
base.kind = "changed"
print(top.kind)
