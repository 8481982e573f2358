-- assign_leads_round_robin.lua: give unassigned leads to the active users
-- in turn.
--
-- Purpose: lead routing. A lead is unassigned when its Owner is a user who
-- is no longer active (deactivated: status "disabled" in Zoho's users
-- list; in the demo org that is Lena Fischer) or, with --queue, the user
-- that collects incoming leads (a "queue" user, by email). The leads go
-- to the active users, the queue user excepted, one each in turn: users
-- in the order Zoho lists them, leads oldest first. Converted leads are
-- not listed by Zoho and are left alone.
--
-- Usage:
--   zcrmrun run scripts/assign_leads_round_robin.lua [--queue=EMAIL] [--limit=N]
--   zcrmrun run --sandbox --dry-run scripts/assign_leads_round_robin.lua --queue=admin@zylker.example --limit=20
--
-- Arguments:
--   --queue   the email of a user whose leads count as unassigned (besides
--             those of deactivated users); this user gets none
--   --limit   assign at most N leads (default: all)
local args = require("lib.args")
local opts = args.parse(arg, {queue = "", limit = "0"})
local limit = args.number(opts, "limit")
local count_of = require("lib.words").count

-- Every user, all pages.
local users, page = {}, 1
repeat
  local list, info = crm.users.list({type = "AllUsers", page = page, per_page = 200})
  for _, u in ipairs(list) do users[#users + 1] = u end
  page = page + 1
until not (info and info.more_records)

local unassigned_owner, active = {}, {}
local queue_found = opts.queue == ""
for _, u in ipairs(users) do
  local is_queue = opts.queue ~= "" and u.email:lower() == opts.queue:lower()
  queue_found = queue_found or is_queue
  if u.status ~= "active" or is_queue then
    unassigned_owner[u.id] = u.full_name
  else
    active[#active + 1] = u
  end
end
if not queue_found then error(("option --queue: no user has the email %q"):format(opts.queue), 0) end
if #active == 0 then error("there are no active users to assign leads to", 0) end

local leads = {}
for lead in crm.records.iter("Leads", {fields = {"Full_Name", "Owner", "Created_Time"}, sort_by = "Created_Time", sort_order = "asc"}) do
  if lead.Owner ~= crm.null and unassigned_owner[lead.Owner.id] then
    leads[#leads + 1] = lead
    if limit > 0 and #leads >= limit then break end
  end
end

local updates, count = {}, {}
for i, lead in ipairs(leads) do
  local u = active[(i - 1) % #active + 1]
  updates[i] = {id = lead.id, Owner = {id = u.id}}
  count[u.id] = (count[u.id] or 0) + 1
end
local failed = 0
if #updates > 0 then
  for i, r in ipairs(crm.records.update("Leads", updates)) do
    if r.status ~= "success" then
      failed = failed + 1
      print(("lead %s not reassigned: %s %s"):format(leads[i].id, r.code, r.message))
    end
  end
end
for _, u in ipairs(active) do
  print(("%s <%s>: %s"):format(u.full_name, u.email, count_of(count[u.id] or 0, "lead")))
end
print(("%s, %d assigned to %s%s"):format(count_of(#leads, "unassigned lead"), #leads - failed, count_of(#active, "active user"),
  crm.dry_run() and " (dry run: nothing was written)" or ""))
