-- while, repeat-until (with locals visible in the condition) and break
local i, out = 0, {}
while true do i = i + 1; if i > 5 then break end; if i % 2 == 0 then out[#out + 1] = i end end
print(table.concat(out, ","))
local n = 0
repeat local done = n >= 3; n = n + 1 until done
print(n)
for a = 1, 3 do for b = 1, 3 do if b > a then break end io.write(a, b, " ") end end
print()
