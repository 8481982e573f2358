-- os.date("!*t") fills every field
local d = os.date("!*t", 1234567890)
local keys = {}
for k in pairs(d) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do print(k, d[k]) end
local e = os.date("!*t", 86400 * 366 + 5)
print(e.year, e.month, e.day, e.yday, e.wday, e.isdst)
local l = os.date("!*t", 951868800)
print(l.month, l.day, l.yday)
