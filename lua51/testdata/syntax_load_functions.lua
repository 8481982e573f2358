-- the syntax errors loadstring, load, loadfile, dofile and require give,
-- and the chunk names they show
print(loadstring("x = = 1"))
print(loadstring("x = = 1", "=my chunk"))
print(loadstring("x = = 1", "@some/file.lua"))
print(loadstring("x = = 1", "named"))
print(loadstring("x = = 1", ""))
print(loadstring("x = = 1", "first line\nsecond line"))
print(loadstring("x = = 1", string.rep("n", 100)))
print(loadstring("x = = 1", "=" .. string.rep("e", 100)))
print(loadstring("x = = 1", "@" .. string.rep("f", 100)))
print(loadstring("-- a long first line that goes on and on and on and on and on\nx = = 1"))
print(loadstring("local s = 'a string that is long enough to be cut in the chunk name' x = = 1"))
print(loadstring(string.rep("x", 70) .. " = = 1"))
print(loadstring(string.rep("x", 20) .. " = = 1"))
-- load with a reader, and its default name
local parts = {"x = ", "= 1"}
local i = 0
print(load(function() i = i + 1; return parts[i] end))
i = 0
print(load(function() i = i + 1; return parts[i] end, "=reader"))
i = 0
print(load(function() i = i + 1; return parts[i] end, "reader chunk"))
-- loadfile and dofile
print(loadfile("testdata/syntax_files/badmod.lua"))
print(pcall(dofile, "testdata/syntax_files/badmod.lua"))
print(loadfile("testdata/syntax_files/goodmod.lua") ~= nil)
-- a runtime error still names the chunk with the shorter id
print(pcall(loadstring(string.rep("y", 70) .. " = nil + 1")))
print(pcall(loadstring("local a = nil; return a.b", "=" .. string.rep("e", 100))))
-- require
package.path = "testdata/syntax_files/?.lua"
print(require("goodmod").ok)
print(pcall(require, "badmod"))
