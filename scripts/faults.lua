-- Creates, updates and deletes N leads (arg[1], default 1000) and checks
-- that every lead was created once, updated and deleted, even when calls
-- fail. Rehearse it under faults:
--
--   zcrmrun run --sandbox --faults rate=0.2,seed=7 scripts/faults.lua 10000
--
-- A create whose reply was lost is never resent blindly: the call raises
-- OUTCOME_UNKNOWN with details.results (one result per record) and
-- details.unknown (the inputs to check). The script looks those records
-- up, and sends again only the ones that are provably absent.
local n = tonumber(arg[1] or "1000")
local tag = string.format("faults-%d-", os.time())
local function name(i) return string.format("%s%06d", tag, i) end

-- present maps each of our names to the ids that carry it now. Reads are
-- idempotent, so the client retries them through faults by itself.
local function present()
  local by = {}
  for lead in crm.records.iter("Leads", {fields = {"Last_Name"}}) do
    local ln = lead.Last_Name
    if type(ln) == "string" and ln:sub(1, #tag) == tag then
      by[ln] = by[ln] or {}
      table.insert(by[ln], lead.id)
    end
  end
  return by
end

-- batch runs a batch call and returns one result per input, whether the
-- call returned or raised with details.results.
local function batch(fn, module, input)
  local ok, res = pcall(fn, module, input)
  if ok then return res end
  if type(res) == "table" and res.details and res.details.results then
    log.warn(string.format("%s: %s; %d inputs unaccounted for by a reply", res.call, res.code, #res.details.unknown))
    return res.details.results
  end
  error(res, 0)
end

-- Create until every lead exists exactly once.
local todo = {}
for i = 1, n do todo[#todo + 1] = i end
local unknowns = 0
for round = 1, 5 do
  local recs = {}
  for k, i in ipairs(todo) do recs[k] = {Last_Name = name(i), Company = "Faults Inc"} end
  local results = batch(crm.records.create, "Leads", recs)
  local by = present()
  local again = {}
  for k, r in ipairs(results) do
    local i = todo[k]
    local ids = by[name(i)] or {}
    if #ids > 1 then error(string.format("%s was created %d times", name(i), #ids)) end
    if r.status == "success" and ids[1] ~= r.id then
      error(string.format("%s: created as %s, but the CRM has %s", name(i), r.id, tostring(ids[1])))
    end
    if r.code == "OUTCOME_UNKNOWN" then unknowns = unknowns + 1 end
    if #ids == 0 then again[#again + 1] = i end -- not applied: safe to send again
  end
  todo = again
  if #todo == 0 then break end
end
if #todo > 0 then error(string.format("%d leads still not created after 5 rounds", #todo)) end

local by = present()
local ids = {}
for i = 1, n do ids[i] = by[name(i)][1] end

-- Update and delete: both idempotent, so failed chunks are simply resent.
local function settle(what, fn, input_of)
  local todo = {}
  for i = 1, n do todo[i] = i end
  for _ = 1, 5 do
    local input = {}
    for k, i in ipairs(todo) do input[k] = input_of(i) end
    local again = {}
    for k, r in ipairs(batch(fn, "Leads", input)) do
      if r.status ~= "success" then again[#again + 1] = todo[k] end
    end
    todo = again
    if #todo == 0 then return end
  end
  error(string.format("%d %s still failing after 5 rounds", #todo, what))
end
settle("updates", crm.records.update, function(i) return {id = ids[i], Company = "Faults Updated"} end)
for lead in crm.records.iter("Leads", {fields = {"Last_Name", "Company"}}) do
  if by[lead.Last_Name] and lead.Company ~= "Faults Updated" then error(lead.id .. " was not updated") end
end
local deleted = 0
local function delete_all()
  -- A retried delete may say a lead is already gone: check the CRM itself.
  pcall(crm.records.delete, "Leads", ids)
  local left = 0
  for _ in pairs(present()) do left = left + 1 end
  return left
end
local left = delete_all()
for _ = 1, 4 do
  if left == 0 then break end
  left = delete_all()
end
if left > 0 then error(left .. " leads left after deleting") end
local count = require("lib.words").count
print(string.format("%s created, updated and deleted, each exactly once; %s had an unknown outcome and %s checked", count(n, "lead"),
  count(unknowns, "create"), unknowns == 1 and "was" or "were"))
