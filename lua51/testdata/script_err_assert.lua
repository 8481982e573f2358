-- assert returns its arguments or raises its message
print(assert(1, "unused"), select("#", assert(true, 2, 3)))
print(pcall(assert, false, "custom message"))
print(pcall(assert, nil))
print(pcall(assert, false, {code = 1}) )
local ok, e = pcall(assert, false, {code = 7})
print(e.code)
