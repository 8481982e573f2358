-- table.maxn: largest positive numeric key
print(table.maxn({}))
print(table.maxn({1, 2, 3}))
print(table.maxn({[1] = 1, [10] = 2, [5] = 3}))
print(table.maxn({[1.5] = true}))
print(table.maxn({[-3] = 1, x = 2}))
local t = {1, 2, 3}
t[3] = nil
print(table.maxn(t))
