for w in ("^a^a"):gmatch("^a") do io.write("{", w, "}") end print()
local n = 0
for w in ("aaa"):gmatch("^a") do n = n + 1 end
print(n)
