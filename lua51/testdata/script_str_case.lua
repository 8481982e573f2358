-- upper, lower, title case and case-insensitive compare
local function title(s) return (s:gsub("(%a)([%w']*)", function(a, b) return a:upper() .. b:lower() end)) end
print(("Hello World 123"):upper(), ("MiXeD"):lower())
print(title("the QUICK brown fox's tail"))
local function ieq(a, b) return a:lower() == b:lower() end
print(ieq("Acme@Example.COM", "acme@example.com"), ieq("a", "b"))
print(("snake_case_name"):gsub("_(%a)", string.upper))
print(("CamelCaseName"):gsub("(%u)", function(c) return "_" .. c:lower() end):sub(2))
