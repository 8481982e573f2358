-- numeric for loops with steps and edge cases
local function collect(a, b, c) local t = {} for i = a, b, c or 1 do t[#t + 1] = i end return table.concat(t, ",") end
print(collect(1, 5), collect(5, 1, -1), collect(1, 10, 4), collect(1, 0), collect(0, 0), collect(10, 1, -3))
local n = 0
for i = 1, 3 do local i = i * 10; n = n + i end
print(n)
