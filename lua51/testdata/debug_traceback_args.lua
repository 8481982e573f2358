-- non-string messages and levels
print(debug.traceback(nil))
print(type(debug.traceback({})))
print(debug.traceback(42, 1))
print(debug.traceback("x", 50))
local t = {}
print(debug.traceback(t) == t)
print((debug.traceback("m", 0):gsub("\n.*", "")))
