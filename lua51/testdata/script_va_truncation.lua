-- calls in the middle of an expression list yield one value
local function three() return 1, 2, 3 end
print(three(), "x")
print("x", three())
print((three()))
local t = {three(), three()}
print(#t)
local t2 = {three(), (three())}
print(#t2)
local a, b, c, d = three()
print(a, b, c, d)
local x, y = (three())
print(x, y)
