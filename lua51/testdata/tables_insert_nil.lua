-- inserting nil
local t = {1, 2, 3}
table.insert(t, 2, nil)
print(t[1], t[2], t[3], t[4])
local u = {1, 2}
table.insert(u, nil)
print(#u, u[3])
