-- Concatenation operands that end in a concatenation of their own.
local x, n = true, nil
print("a" .. (x and "b" .. "c"))
print("a" .. (n or "b" .. "c"))
print("a" .. (x and "b" .. "c" or "d"))
print("a" .. (x and "b" .. "c") .. "e")
local s = "a" .. (n or "p" .. "q") .. (x and "r" .. "s")
print(s)
local t = {k = "v"}
print("1" .. (t.k and t.k .. t.k) .. "2", ("a" .. "b") .. ("c" .. "d"), (("a" .. "b") .. "c") .. "d")
local function f(v) return v end
print("<" .. f("x" .. "y") .. ">", "#" .. #("abc" .. "de"), "[" .. ("lo" .. "w"):upper() .. "]")
local parts = {"p", "q"}
print("s" .. (parts[1] .. parts[2]) .. (n and "never" or "e" .. "nd"))
