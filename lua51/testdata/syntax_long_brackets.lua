-- long strings and comments: levels, a first newline skipped, newlines
-- normalized, brackets inside, and the lines counted after them
local function show(s) return (string.gsub(s, "%c", function(c) return "\\" .. c:byte() end)) end
local a = [[
first line
second]]
print(show(a), #a)
local b = [==[

a ]] and ]=] inside]==]
print(show(b), #b)
local c = [[]]
print(#c)
local d = [=[]]]=]
print(d)
local e = [[ no newline]]
print(e)
--[[ a long
comment ]] print("after comment")
--[==[ another ]] ]=] one
]==] print("after level 2 comment")
--[[]] print("empty comment")
---[[ not a long comment
print("line comment then code")
-- ]]
print(debug.getinfo(1, "l").currentline)
local f = loadstring("return [[\r\nx\r\ny]]")
print(show(f()))
f = loadstring("return [[\n\rx\n\ry]]")
print(show(f()))
f = loadstring("return [[\r\rx]]")
print(show(f()))
f = loadstring("return [[\n\nx]]")
print(show(f()))
f = loadstring("return \"a\\\r\nb\"")
print(show(f()))
f = loadstring("local x = [[\r\n\r\n]] error(\"line\")")
print(pcall(f))
f = loadstring("local x = [==[\n]]\n]=]\n]==] error(\"line\")")
print(pcall(f))
f = loadstring("--[[\n\n]] error(\"line\")")
print(pcall(f))
f = loadstring("--[=[\r\r\r]=] error(\"line\")")
print(pcall(f))
f = loadstring("x = 1 --[[ c ]] error(\"line\")")
print(pcall(f))
print(loadstring("x = [[\n\n\n]] y = = 1"))
print(loadstring("x = 1 --[==[\n\n]==] y = = 1"))
print(loadstring("x = 1 [==[\nstr\n]==]"))
print(loadstring("x = [=[\n]]"))
