-- date arithmetic on fixed tables, printed through os.date("!...")
local function utc(y, m, d, h, mi, s)
  -- days from civil, avoiding the local time zone entirely
  local yy = m <= 2 and y - 1 or y
  local era = math.floor(yy / 400)
  local yoe = yy - era * 400
  local mp = (m + 9) % 12
  local doy = math.floor((153 * mp + 2) / 5) + d - 1
  local doe = yoe * 365 + math.floor(yoe / 4) - math.floor(yoe / 100) + doy
  local days = era * 146097 + doe - 719468
  return days * 86400 + (h or 0) * 3600 + (mi or 0) * 60 + (s or 0)
end
local t = utc(2024, 2, 28, 12, 0, 0)
print(t)
print(os.date("!%Y-%m-%d %H:%M:%S", t))
print(os.date("!%Y-%m-%d", t + 86400), os.date("!%Y-%m-%d", t + 2 * 86400))
print(os.date("!%A %B %j", utc(2023, 12, 31)))
local d = os.date("!*t", utc(2000, 1, 1, 6, 30, 15))
print(d.year, d.month, d.day, d.hour, d.min, d.sec, d.wday, d.yday)
print((utc(2025, 1, 1) - utc(2024, 1, 1)) / 86400)
