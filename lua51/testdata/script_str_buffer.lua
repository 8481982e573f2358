-- building strings: table buffer and concatenation
local buf = {}
for i = 1, 10 do buf[#buf + 1] = string.format("%02d", i) end
local s = table.concat(buf, ":")
print(s, #s)
local acc = ""
for i = 1, 100 do acc = acc .. (i % 10) end
print(#acc, acc:sub(1, 12), acc:sub(-5))
print(table.concat({}, ","), table.concat({"a"}, ","), table.concat({1, 2, 3}))
print(table.concat({"a", "b", "c", "d"}, "-", 2, 3))
