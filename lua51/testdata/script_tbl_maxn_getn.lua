-- table.maxn, table.getn and foreach helpers of 5.1
local t = {1, 2, 3}
t[10] = 10
print(table.maxn(t), table.getn({1, 2, 3}), table.maxn({}))
local keys = {}
table.foreachi({"a", "b"}, function(i, v) keys[#keys + 1] = i .. v end)
print(table.concat(keys, ","))
local sum = 0
table.foreach({x = 1, y = 2}, function(k, v) sum = sum + v end)
print(sum)
