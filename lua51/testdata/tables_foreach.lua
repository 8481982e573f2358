-- table.foreach calls f(k, v) and stops at a non-nil result
local t = {a = 1, b = 2, c = 3}
local keys = {}
table.foreach(t, function(k, v) keys[#keys + 1] = k .. "=" .. v end)
table.sort(keys)
print(table.concat(keys, " "))
print(table.foreach({10, 20, 30}, function(k, v) if v == 20 then return "found " .. k end end))
print(select("#", table.foreach({}, print)))
