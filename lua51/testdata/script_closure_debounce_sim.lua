-- a counter-based rate limiter closure (no clock)
local function limiter(max)
  local used = 0
  return function(cost)
    cost = cost or 1
    if used + cost > max then return false, max - used end
    used = used + cost
    return true, max - used
  end
end
local take = limiter(5)
for _, c in ipairs({1, 2, 3, 1, 1, 1}) do print(c, take(c)) end
