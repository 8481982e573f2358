-- counting accesses with a proxy
local function counted(t)
  local reads = {}
  local p = setmetatable({}, {
    __index = function(_, k) reads[k] = (reads[k] or 0) + 1; return t[k] end,
    __newindex = t,
  })
  return p, reads
end
local p, reads = counted({a = 1, b = 2})
local _ = p.a, p.a, p.b
local s = p.a + p.b
p.c = 5
print(s, p.c, reads.a, reads.b, reads.c)
