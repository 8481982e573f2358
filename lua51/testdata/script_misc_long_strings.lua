-- long strings and comments
local s = [[
first line
second "quoted" line]]
print(s)
print(#[==[a]]b]==], [==[a]]b]==])
--[[ a block
comment ]] print("after comment")
--[==[ another
]==]
print("end")
