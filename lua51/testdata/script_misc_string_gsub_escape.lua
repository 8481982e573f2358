-- escaping pattern magic characters for literal replacement
local function escape(s) return (s:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0")) end
local text = "cost (approx.) is 5.00$ + 10%"
for _, needle in ipairs({"(approx.)", "5.00$", "10%", "+"}) do
  print(needle, (text:gsub(escape(needle), "#")))
end
