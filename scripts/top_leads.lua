-- top_leads.lua: print the full names of the 5 most recently created Leads,
-- one per line. The seed SDK's "Top 5 Leads" sample, in Lua.
--
--   zcrmrun run --sandbox scripts/top_leads.lua
--   zcrmrun run scripts/top_leads.lua 10        -- the 10 most recent

local n = tonumber(arg[1]) or 5
local leads = crm.records.list("Leads", {
  sort_by = "Created_Time",
  sort_order = "desc",
  per_page = n,
  fields = {"Full_Name", "Created_Time"},
})
for _, lead in ipairs(leads) do
  print(lead.Full_Name)
end
