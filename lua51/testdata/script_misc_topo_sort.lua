-- topological sort with deterministic order
local deps = {deploy = {"build", "test"}, test = {"build"}, build = {"fetch"}, fetch = {}, docs = {"fetch"}}
local names = {}
for k in pairs(deps) do names[#names + 1] = k end
table.sort(names)
local order, state = {}, {}
local function visit(n)
  if state[n] == "done" then return end
  if state[n] == "active" then error("cycle at " .. n) end
  state[n] = "active"
  local ds = {unpack(deps[n])}
  table.sort(ds)
  for _, d in ipairs(ds) do visit(d) end
  state[n] = "done"
  order[#order + 1] = n
end
for _, n in ipairs(names) do visit(n) end
print(table.concat(order, " "))
deps.fetch = {"deploy"}
state, order = {}, {}
print(pcall(visit, "deploy"))
