-- concat of many items needs no stack
local t = {}
for i = 1, 3000 do t[i] = "row" .. i end
print(#table.concat(t, "\n"))
local u = {}
for i = 1, 100000 do u[i] = i % 10 end
local s = table.concat(u)
print(#s, s:sub(1, 12), s:sub(-5))
print(#table.concat(u, ", "))
