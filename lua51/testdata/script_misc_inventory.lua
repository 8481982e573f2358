-- an inventory with reservations and a report
local stock = {widget = 10, gadget = 3, gizmo = 0}
local orders = {{"widget", 4}, {"gadget", 5}, {"gizmo", 1}, {"widget", 6}, {"widget", 1}, {"doohickey", 1}}
for i, o in ipairs(orders) do
  local item, qty = o[1], o[2]
  local have = stock[item]
  if have == nil then print(i, item, "unknown item")
  elseif have < qty then print(i, item, string.format("short by %d", qty - have))
  else stock[item] = have - qty; print(i, item, "ok, left " .. stock[item]) end
end
local names = {}
for k in pairs(stock) do names[#names + 1] = k end
table.sort(names)
for _, k in ipairs(names) do io.write(k, "=", stock[k], " ") end
print()
