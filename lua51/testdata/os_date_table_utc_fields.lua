-- "!*t" fields over a range of days, checked against arithmetic
local days = {0, 31, 59, 365, 730, 1095, 1155, 10957, 11016}
for _, d in ipairs(days) do
  local t = os.date("!*t", d * 86400 + 3661)
  print(d, t.year, t.month, t.day, t.hour, t.min, t.sec, t.wday, t.yday, t.isdst)
end
