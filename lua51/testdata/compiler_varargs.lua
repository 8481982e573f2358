-- ... in calls, table constructors, assignments, returns and select.
local function count(...) return select("#", ...) end
local function pass(...) return ... end
local function first(...) local a = ... return a end
local function show(...)
  local t = {}
  for i = 1, select("#", ...) do t[i] = tostring((select(i, ...))) end
  return "[" .. table.concat(t, ",") .. "]"
end

print(count(), count(nil), count(nil, nil), count(pass(1, nil, 3)))
print(show(pass()), show(pass(1, 2)), show(pass(nil, nil)))
print(first(7, 8, 9), first())
print(show((pass(1, 2, 3))), show(pass(1, 2, 3), 4), show(4, pass(1, 2, 3)))

local function tbl(...) return {...}, {..., "end"}, {"start", ...}, {n = select("#", ...), ...} end
local a, b, c, d = tbl("x", "y")
print(#a, #b, #c, d.n, b[2], c[3])

local function locals(...)
  local x, y, z = ...
  local p = ...
  local q, r = ..., "r"
  return show(x, y, z, p, q, r)
end
print(locals(1, 2, 3, 4))
print(locals(1))

local function middle(...) return show(..., "m", ...) end
print(middle(1, 2))

local function nested(...)
  local function inner(...) return count(...) end
  return inner(...), inner(..., ...), inner((...))
end
print(nested(1, 2, 3))

-- varargs and arg tables
local function sum(...)
  local s = 0
  for i, v in ipairs({...}) do s = s + v end
  return s
end
print(sum(), sum(1), sum(1, 2, 3, 4, 5))

-- unpack round trip
print(show(unpack({1, 2, 3})), show(unpack({1, nil, 3}, 1, 3)), count(unpack({}, 1, 2)))

-- vararg in the middle of an expression list is cut to one
local function two() return "a", "b" end
print(show(two(), two()), show((two())), show(two(), nil))

-- select with negative and large indices
print(select(2, "a", "b", "c"), select(-1, "a", "b", "c"), count(select(4, 1, 2, 3)))

-- tail calls with varargs
local function tail(n, ...) if n == 0 then return ... end return tail(n - 1, n, ...) end
print(show(tail(3)))

-- string.format with varargs
local function fmt(f, ...) return string.format(f, ...) end
print(fmt("%s-%s-%d", "a", "b", 3))
