-- Functions near the register limit: many locals, wide calls, deep expressions.
local decl, sum = {}, {}
for i = 1, 180 do decl[#decl + 1] = ("local v%d = %d"):format(i, i); sum[#sum + 1] = "v" .. i end
local src = table.concat(decl, "\n") .. "\nreturn " .. table.concat(sum, " + ")
print(assert(loadstring(src))())

-- a call with many arguments
local args = {}
for i = 1, 150 do args[i] = tostring(i) end
local f = assert(loadstring("return select('#', " .. table.concat(args, ", ") .. ")"))
print(f())

-- a deeply nested expression
local e = "1"
for i = 1, 100 do e = "(" .. e .. " + 1)" end
print(assert(loadstring("return " .. e))())

-- deep nesting of and/or
local c = "x"
for i = 1, 60 do c = "(" .. c .. " and x or y)" end
print(assert(loadstring("local x, y = 1, 2; return " .. c))())

-- many upvalues
local up = {}
for i = 1, 60 do up[#up + 1] = ("local u%d = %d"):format(i, i) end
local body = {}
for i = 1, 60 do body[#body + 1] = "u" .. i end
local g = assert(loadstring(table.concat(up, "\n") ..
  "\nreturn function() return " .. table.concat(body, " + ") .. " end"))()
print(g())

-- many locals with a multiple assignment between them
local ms = {}
for i = 1, 100 do ms[#ms + 1] = ("local m%d = %d"):format(i, i) end
ms[#ms + 1] = "m1, m100, m50 = m100, m50, m1"
ms[#ms + 1] = "return m1, m50, m100"
print(assert(loadstring(table.concat(ms, "\n")))())
