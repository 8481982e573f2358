-- local time round trips through os.date("*t") and os.time
for _, t in ipairs{0, 86400, 1234567890, 951782400, 1700000000} do
  print(os.time(os.date("*t", t)) == t)
end
local d = os.date("*t", 1234567890)
print(type(d.isdst), d.yday >= 1)
print(os.date("%Y-%m-%d", os.time{year = 2020, month = 2, day = 29}))
