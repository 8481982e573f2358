-- and/or idioms for defaults and ternaries
local function f(x) return x and "yes" or "no" end
print(f(1), f(false), f(nil), nil or false, false or nil, 0 and "zero is true")
local opts = {}
local size = opts.size or 100
local name = opts.name and opts.name:upper() or "DEFAULT"
print(size, name, (nil and 1), 1 and nil, false and error("never"))
local a, b = 1, nil
print(a and b or "fallback", not nil, not 0)
