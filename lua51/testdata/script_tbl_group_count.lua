-- group records by a field and count, printing groups in sorted order
local deals = {
  {stage = "won", amount = 500}, {stage = "lost", amount = 100}, {stage = "won", amount = 250},
  {stage = "open", amount = 75}, {stage = "open", amount = 25}, {stage = "won", amount = 5},
}
local groups = {}
for _, d in ipairs(deals) do
  local g = groups[d.stage]
  if not g then g = {count = 0, total = 0}; groups[d.stage] = g end
  g.count = g.count + 1
  g.total = g.total + d.amount
end
local keys = {}
for k in pairs(groups) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do print(k, groups[k].count, groups[k].total) end
