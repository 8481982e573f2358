-- an ordered list kept with insert and remove at positions
local list = {}
local function add(v)
  local pos = #list + 1
  for i = 1, #list do if v < list[i] then pos = i; break end end
  table.insert(list, pos, v)
end
for _, v in ipairs{5, 1, 4, 2, 3, 9, 0} do add(v) end
print(table.concat(list, " "))
print(table.remove(list, 1), table.remove(list), table.remove(list, 3))
print(table.concat(list, " "), #list)
