-- varargs at the end and not at the end of a constructor
local function f(...) return {...}, {..., "end"}, {"start", ...} end
local a, b, c = f("x", "y", "z")
print(#a, #b, #c, b[1], b[2], c[4])
