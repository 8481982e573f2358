-- a deep stack is cut to 12 + 10 levels
local function rec(n)
  if n == 0 then return debug.traceback("deep") end
  return (rec(n - 1))
end
print(rec(30))
print(rec(5))
local function rec2(n)
  if n == 0 then return debug.traceback("edge") end
  return (rec2(n - 1))
end
print(rec2(20))
print(rec2(21))
