-- follow-up dates skipping weekends, on fixed UTC times
local day = 86400
local base = 1704067200 -- 2024-01-01 00:00:00 UTC, a Monday
local function addBusinessDays(t, n)
  while n > 0 do
    t = t + day
    local w = tonumber(os.date("!%w", t))
    if w ~= 0 and w ~= 6 then n = n - 1 end
  end
  return t
end
for _, n in ipairs({1, 4, 5, 10}) do print(n, os.date("!%Y-%m-%d %a", addBusinessDays(base, n))) end
