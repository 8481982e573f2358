-- debug.getinfo(level) fields of a running Lua function
local function show(i)
  local keys = {}
  for k in pairs(i) do if k ~= "func" then keys[#keys + 1] = k end end
  table.sort(keys)
  for _, k in ipairs(keys) do io.write(k, "=", tostring(i[k]), " ") end
  print()
end
local function f(a, b)
  show(debug.getinfo(1))
  show(debug.getinfo(1, "S"))
  show(debug.getinfo(1, "l"))
  show(debug.getinfo(1, "u"))
  show(debug.getinfo(2, "Sl"))
  print(debug.getinfo(1, "f").func == f)
end
f(1, 2)
show(debug.getinfo(1))
