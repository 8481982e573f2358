-- forwarding varargs keeps nils and count
local function inner(...) return select("#", ...), ... end
local function outer(...) return inner(...) end
print(outer(nil, 2, nil))
local function wrap(f) return function(...) return f(...) end end
print(wrap(math.max)(3, 9, 4))
local function first(...) local a = ... ; return a end
print(first(7, 8, 9), first())
