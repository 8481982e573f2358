-- debug.getinfo(f) describes a function value
local function show(i)
  local keys = {}
  for k in pairs(i) do if k ~= "func" then keys[#keys + 1] = k end end
  table.sort(keys)
  for _, k in ipairs(keys) do io.write(k, "=", tostring(i[k]), " ") end
  print()
end
local function g()
  return 1
end
show(debug.getinfo(g))
show(debug.getinfo(print))
show(debug.getinfo(string.rep, "S"))
local x, y = 1, 2
local function h() return x + y end
print(debug.getinfo(h, "u").nups)
print(debug.getinfo(g, "f").func == g)
print(debug.getinfo(100))
