-- ordinary list work: a queue and a stack
local stack = {}
for i = 1, 5 do table.insert(stack, i) end
local out = {}
while #stack > 0 do out[#out + 1] = table.remove(stack) end
print(table.concat(out, " "))
local q = {}
for _, w in ipairs{"one", "two", "three"} do table.insert(q, w) end
while #q > 0 do io.write(table.remove(q, 1), ";") end
print()
