-- engine benchmark: string building with table.concat and with ..
local parts = {}
for i = 1, 2e5 do parts[#parts + 1] = "row" .. i end
local a = table.concat(parts, ",")
local b = ""
for i = 1, 2e4 do b = b .. "x" end
print(#a, #b)
