do local a = 1 end
local t = nil
print(select(2, pcall(function() local x = 1; do local y = 2 end; local z; return z.f end)))
local function f(a, b)
  do local c = 3 end
  local d
  return d + a
end
print(select(2, pcall(f, 1, 2)))
for i = 1, 1 do local q; print(select(2, pcall(function() return q.x end))) end
print(t.x)
