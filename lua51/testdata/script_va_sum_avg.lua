-- variadic statistics
local function stats(...)
  local n = select("#", ...)
  if n == 0 then return 0, nil, nil end
  local sum, lo, hi = 0, math.huge, -math.huge
  for i = 1, n do
    local v = select(i, ...)
    sum = sum + v
    if v < lo then lo = v end
    if v > hi then hi = v end
  end
  return sum, lo, hi, string.format("%.2f", sum / n)
end
print(stats(4, 8, 15, 16, 23, 42))
print(stats(5))
print(stats())
