-- compiling code at run time
local f = loadstring("return 1 + 2")
print(f())
local adder = loadstring("local a, b = ...; return a + b")
print(adder(4, 5))
local g, err = loadstring("return +")
print(g, (err:gsub("^.-:%d+: ", "")))
print(pcall(loadstring("error('from chunk', 0)")))
local count = 0
local parts = {"return ", "10", " * 2"}
local h = load(function() count = count + 1; return parts[count] end)
print(h())
