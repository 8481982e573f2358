-- round-robin assignment of leads to owners, skipping inactive ones
local owners = {{name = "ravi", active = true}, {name = "mia", active = false}, {name = "ann", active = true}, {name = "li", active = true}}
local active = {}
for _, o in ipairs(owners) do if o.active then active[#active + 1] = o.name end end
local assigned, load = {}, {}
local next = 0
for i = 1, 10 do
  next = next % #active + 1
  local owner = active[next]
  assigned[#assigned + 1] = "L" .. i .. "=" .. owner
  load[owner] = (load[owner] or 0) + 1
end
print(table.concat(assigned, " "))
for _, name in ipairs(active) do print(name, load[name]) end
