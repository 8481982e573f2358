-- stale_deals.lua: find open deals nobody has touched for N days and give
-- each of their owners one task listing them.
--
-- Purpose: pipeline hygiene. A deal is stale when its Stage is not
-- "Closed Won" or "Closed Lost" and its Modified_Time is more than DAYS
-- days before NOW. Each owner of stale deals gets one task (Subject
-- "Review N stale deals", due DUE days after NOW, priority High) whose
-- Description lists the deals, oldest first; a task's What_Id points at
-- that owner's oldest stale deal.
--
-- Usage:
--   zcrmrun run scripts/stale_deals.lua [--days=30] [--now=2024-04-01T00:00:00Z] [--due=3]
--   zcrmrun run --sandbox --dry-run scripts/stale_deals.lua --days=60
--
-- Arguments:
--   --days   how long without a change makes a deal stale (default 30)
--   --now    the moment to measure from, as an ISO time (default the
--            current time); fixing it makes runs repeatable
--   --due    days after NOW the tasks are due (default 3)
local args = require("lib.args")
local times = require("lib.times")
local count = require("lib.words").count
local opts = args.parse(arg, {days = "30", now = "", due = "3"})
local days, due = args.number(opts, "days"), args.number(opts, "due")
local now = os.time()
if opts.now ~= "" then
  now = times.parse(opts.now)
  if not now then error(("option --now: %q is not an ISO time such as 2024-04-01T00:00:00Z"):format(opts.now), 0) end
end
local cutoff = now - days * 86400

local closed = {["Closed Won"] = true, ["Closed Lost"] = true}
local by_owner, owners, open_deals = {}, {}, 0
for deal in crm.records.iter("Deals", {fields = {"Deal_Name", "Stage", "Owner", "Modified_Time", "Amount"}}) do
  if not closed[deal.Stage] then
    open_deals = open_deals + 1
    local modified = times.parse(deal.Modified_Time)
    if modified and modified < cutoff then
      local id = deal.Owner.id
      if not by_owner[id] then
        by_owner[id] = {}
        owners[#owners + 1] = {id = id, name = deal.Owner.name}
      end
      deal.age = math.floor((now - modified) / 86400)
      table.insert(by_owner[id], deal)
    end
  end
end

local tasks = {}
for _, o in ipairs(owners) do
  local deals = by_owner[o.id]
  table.sort(deals, function(a, b) return a.age > b.age end)
  local lines = {}
  for _, d in ipairs(deals) do
    lines[#lines + 1] = ("- %s (%s, %s, untouched %s) id %s"):format(d.Deal_Name, d.Stage, tostring(d.Amount), count(d.age, "day"), d.id)
  end
  tasks[#tasks + 1] = {
    Subject = ("Review %s"):format(count(#deals, "stale deal")),
    Owner = {id = o.id},
    Due_Date = times.date(now + due * 86400),
    Status = "Not Started",
    Priority = "High",
    What_Id = {id = deals[1].id},
    ["$se_module"] = "Deals",
    Description = ("Open deals with no change for more than %s as of %s:\n%s"):format(count(days, "day"), times.format(now), table.concat(lines, "\n")),
  }
  print(("%s: %s"):format(o.name, count(#deals, "stale deal")))
end

local made = 0
if #tasks > 0 then
  for i, r in ipairs(crm.records.create("Tasks", tasks)) do
    if r.status == "success" then made = made + 1 else print("task for " .. owners[i].name .. " not created:", r.code, r.message) end
  end
end
print(("%s, %s with stale deals, %s created%s"):format(count(open_deals, "open deal"), count(#owners, "owner"), count(made, "task"),
  crm.dry_run() and " (dry run: nothing was written)" or ""))
