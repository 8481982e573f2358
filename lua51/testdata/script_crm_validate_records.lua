-- validating lead records and collecting errors per record
local rules = {
  {field = "Last_Name", check = function(v) return type(v) == "string" and #v > 0 end, msg = "required"},
  {field = "Email", check = function(v) return v == nil or (type(v) == "string" and v:match("^[^@%s]+@[^@%s]+%.%a+$") ~= nil) end, msg = "invalid email"},
  {field = "Annual_Revenue", check = function(v) return v == nil or (type(v) == "number" and v >= 0) end, msg = "must be >= 0"},
}
local records = {
  {Last_Name = "Smith", Email = "s@x.com"},
  {Last_Name = "", Email = "bad@", Annual_Revenue = -5},
  {Email = "ok@y.org", Annual_Revenue = 10},
  {Last_Name = "Lee", Email = "a b@c.de"},
}
for i, r in ipairs(records) do
  local errs = {}
  for _, rule in ipairs(rules) do
    if not rule.check(r[rule.field]) then errs[#errs + 1] = rule.field .. ": " .. rule.msg end
  end
  print(i, #errs == 0 and "ok" or table.concat(errs, "; "))
end
