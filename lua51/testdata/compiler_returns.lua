-- Return statements: multiple values, parentheses, tail calls, early returns.
local function multi() return 1, 2, 3 end
local function one() return (multi()) end
local function tail() return multi() end
local function mixed() return 0, multi() end
local function cut() return multi(), 9 end
local function none() return end
local function early(x)
  if x then return "early" end
  do return "do-return" end
end
print(multi())
print(one())
print(tail())
print(mixed())
print(cut())
print(select("#", none()), early(true), early(false))

-- deep tail recursion does not grow the stack
local function loop(n, acc) if n == 0 then return acc end return loop(n - 1, acc + 1) end
print(loop(100000, 0))

-- return of locals, upvalues and expressions
local up = "up"
local function many(a, b)
  local c = a + b
  return a, b, c, up, a < b, a .. b
end
print(many(1, 2))

-- return a function call with method syntax
local o = {v = 5}
function o:get(k) return self.v * k, "extra" end
local function through() return o:get(2) end
print(through())

-- the results of a call in the middle of a return list are cut to one
local function pair() return "p1", "p2" end
local function mid() return pair(), pair() end
print(mid())

-- return inside loops
local function find(t, v) for i, x in ipairs(t) do if x == v then return i end end return nil end
print(find({5, 6, 7}, 6), find({5, 6, 7}, 8))
local function wfind(n) local i = 0 while true do i = i + 1 if i * i >= n then return i end end end
print(wfind(50))
