-- errors carrying tables keep their fields through pcall
local function fail(code, msg) error({code = code, message = msg}) end
local ok, e = pcall(fail, "INVALID_DATA", "bad email")
print(ok, type(e), e.code, e.message)
local ok2, e2 = pcall(error, {n = 1})
print(ok2, e2.n)
local ok3, e3 = pcall(error)
print(ok3, e3)
