-- lib/times.lua: Zoho's ISO times as seconds since the epoch, whatever
-- their UTC offset, without depending on the machine's time zone.
--
--   local times = require("lib.times")
--   times.parse("2024-01-02T09:41:00+05:30")  --> seconds since 1970 (UTC)
--   times.format(os.time())                   --> "2026-11-28T18:00:00+00:00"
local M = {}

-- days_from_civil counts days since 1970-01-01 (Howard Hinnant's algorithm).
local function days_from_civil(y, m, d)
  local floor = math.floor
  if m <= 2 then y = y - 1 end
  local era = floor(y / 400)
  local yoe = y - era * 400
  local mp = (m + 9) % 12
  local doy = floor((153 * mp + 2) / 5) + d - 1
  local doe = yoe * 365 + floor(yoe / 4) - floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
end

-- parse reads "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS" with "Z" or "+hh:mm",
-- and returns nil for anything else.
function M.parse(s)
  if type(s) ~= "string" then return nil end
  local y, mo, d = s:match("^(%d%d%d%d)-(%d%d)-(%d%d)")
  if not y then return nil end
  local h, mi, se = s:match("^.-T(%d%d):(%d%d):(%d%d)")
  local t = days_from_civil(tonumber(y), tonumber(mo), tonumber(d)) * 86400
    + (tonumber(h) or 0) * 3600 + (tonumber(mi) or 0) * 60 + (tonumber(se) or 0)
  local sign, oh, om = s:match("([+-])(%d%d):?(%d%d)$")
  if sign and h then
    local off = tonumber(oh) * 3600 + tonumber(om) * 60
    t = sign == "+" and t - off or t + off
  end
  return t
end

-- format writes seconds since the epoch as Zoho's ISO form in UTC.
function M.format(t)
  return os.date("!%Y-%m-%dT%H:%M:%S+00:00", t)
end

-- date writes seconds since the epoch as a UTC date, "YYYY-MM-DD".
function M.date(t)
  return os.date("!%Y-%m-%d", t)
end

return M
