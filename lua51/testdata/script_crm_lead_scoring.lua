-- lead scoring with weighted rules and buckets
local rules = {
  {w = 20, test = function(l) return l.Industry == "Software" end},
  {w = 15, test = function(l) return (l.Employees or 0) >= 100 end},
  {w = 10, test = function(l) return l.Email and not l.Email:find("@gmail%.com$") end},
  {w = -25, test = function(l) return l.Status == "Junk" end},
}
local function score(l) local s = 0 for _, r in ipairs(rules) do if r.test(l) then s = s + r.w end end return s end
local function bucket(s) if s >= 40 then return "hot" elseif s >= 20 then return "warm" end return "cold" end
local leads = {
  {name = "A", Industry = "Software", Employees = 500, Email = "a@corp.com"},
  {name = "B", Industry = "Retail", Employees = 20, Email = "b@gmail.com"},
  {name = "C", Industry = "Software", Email = "c@gmail.com", Status = "Junk"},
  {name = "D", Employees = 150, Email = "d@biz.io"},
}
for _, l in ipairs(leads) do local s = score(l); print(l.name, s, bucket(s)) end
