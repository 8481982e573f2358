-- currentline, linedefined and lastlinedefined
local function f()
  local a = 1
  return debug.getinfo(1, "l").currentline
end
print(f())
local i = debug.getinfo(f, "S")
print(i.linedefined, i.lastlinedefined)
local function g()
  return debug.getinfo(2, "l").currentline
end
print(g())
print(
  g()
)
local lines = debug.getinfo(f, "L").activelines
local ks = {}
for k in pairs(lines) do ks[#ks + 1] = k end
table.sort(ks)
print(table.concat(ks, " "))
