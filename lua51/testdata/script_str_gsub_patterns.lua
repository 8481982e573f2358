-- gsub with tables, functions and counts
local tpl = "Dear ${name}, your deal ${deal} is ${stage}."
local vals = {name = "Ravi", deal = "D-17", stage = "won"}
print((tpl:gsub("%${(%w+)}", vals)))
print(("hello world"):gsub("o", "0", 1))
print(("abc"):gsub("", "-"))
print(("hello"):gsub("l+", function(m) return "<" .. #m .. ">" end))
print(("key = value"):gsub("(%w+)%s*=%s*(%w+)", "%2 = %1"))
print(("x"):gsub("x", "%%"))
print(("abc"):gsub("%w", {a = "1", c = false}))
local ok, err = pcall(string.gsub, "abc", "%w", {b = true})
print(ok, err)
