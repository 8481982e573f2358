-- sub with negative and out-of-range indices
local s = "abcdef"
print(s:sub(2, 4), s:sub(-3), s:sub(-3, -2), s:sub(0), s:sub(4, 2), s:sub(10), s:sub(-100, 2))
print(("x"):sub(1, 1), (""):sub(1), s:sub(3, 3))
