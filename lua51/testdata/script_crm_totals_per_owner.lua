-- deal totals per owner, sorted by total then name, with a formatted report
local deals = {
  {owner = "ravi", amount = 1200, stage = "Closed Won"},
  {owner = "mia", amount = 800, stage = "Closed Won"},
  {owner = "ravi", amount = 300, stage = "Closed Lost"},
  {owner = "ann", amount = 2000, stage = "Closed Won"},
  {owner = "mia", amount = 1200, stage = "Closed Won"},
  {owner = "li", amount = 50, stage = "Negotiation"},
  {owner = "ravi", amount = 800, stage = "Closed Won"},
}
local totals = {}
for _, d in ipairs(deals) do
  if d.stage == "Closed Won" then
    local t = totals[d.owner] or {owner = d.owner, sum = 0, n = 0}
    totals[d.owner] = t
    t.sum = t.sum + d.amount
    t.n = t.n + 1
  end
end
local list = {}
for _, t in pairs(totals) do list[#list + 1] = t end
table.sort(list, function(a, b) if a.sum ~= b.sum then return a.sum > b.sum end return a.owner < b.owner end)
for i, t in ipairs(list) do print(string.format("%d. %-6s %6d (%d deals, avg %.1f)", i, t.owner, t.sum, t.n, t.sum / t.n)) end
