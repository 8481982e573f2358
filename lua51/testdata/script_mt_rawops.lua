-- rawget, rawset and rawequal bypass metamethods
local hits = 0
local t = setmetatable({}, {
  __index = function() hits = hits + 1; return "meta" end,
  __newindex = function() hits = hits + 1 end,
})
t.a = 1
print(t.a, rawget(t, "a"), hits)
rawset(t, "a", 2)
print(t.a, rawget(t, "a"), hits)
print(rawequal(t, t), rawequal(t, {}), rawequal("x", "x"), rawequal(1, 1.0))
print(rawset(t, "b", 3) == t, t.b)
