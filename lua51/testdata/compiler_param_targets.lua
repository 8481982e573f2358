-- Assigning a parenthesized call to a parameter: the call must not be built
-- in the parameter's register while its arguments still read it.
local function last(a, b) b = (tostring(b) .. "!"); return a, b end
print(last(1, 2))
local function lastcall(a, b) b = (string.rep(b, 2)); return a, b end
print(lastcall(1, "xy"))
local function only(x) x = (string.upper(x)); return x end
print(only("abc"))
local function method(s) s = (s:rep(3)); return s end
print(method("ab"))
local function nested(a, b) b = (math.max(a, b, (math.min(a, b)))); return b end
print(nested(3, 9))
local function first(a, b) a = (tostring(a)); return a, b end
print(first(5, 6))
local function vararg(a, ...) a = (select("#", ...)); return a end
print(vararg(0, 1, 2, 3))
local function local_after(p) local q = (string.len(p)); p = (p .. q); return p, q end
print(local_after("four"))
