local it = ("a1b2c3"):gmatch("%a(%d)")
print(it(), it(), it(), it())
local t = {}
for w in string.gfind("x y z", "%a") do t[#t + 1] = w end
print(table.concat(t, ","))
