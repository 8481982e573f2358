-- engine benchmark: fill and read an array of 1e6 and a hash of 1e5
local t = {}
for i = 1, 1e6 do t[i] = i end
local s = 0
for i = 1, #t do s = s + t[i] end
local h = {}
for i = 1, 1e5 do h["k" .. i] = i end
local n = 0
for _, v in pairs(h) do n = n + v end
print(s, n)
