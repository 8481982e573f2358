-- next to test emptiness
local function isEmpty(t) return next(t) == nil end
print(isEmpty({}), isEmpty({1}), isEmpty({a = false}))
local t = {x = 1}
local k, v = next(t)
print(k, v, next(t, k))
