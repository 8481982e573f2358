-- and/or in value positions: locals, constants, nil/false, comparisons,
-- not, calls, chains and mixes (gopher-lua #490, #280, #216 and relatives).
local function show(...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  return table.concat(parts, " ")
end

local T, F, N = true, false, nil
local one, two = 1, 2
local function fals() return false end
local function tru() return true end
local function id(v) return v end

print("consts", show(1 and 2, nil and 1, false and nil, 1 or 2, nil or false, false or nil))
print("consts2", show(true and false, false or true, nil and nil, nil or nil, "a" and "b" or "c"))
print("locals", show(T and one, F and one, N and one, T or one, F or one, N or one))
print("chain", show(one and two and "x", one and N and "x", N or F or "z", N or F or N))
print("mix", show(one and two or "c", F and two or "c", one and F or "c", N and N or N))
print("mix2", show(one or two and "c", F or two and "c", F or F and "c", F or (F or "y")))
print("paren", show((one and two) or "c", one and (two or "c"), (F or N) and 1, (F and N) or 1))
print("cmp", show(one < two and "lt" or "ge", one > two and "gt" or "le", one == 1 and two == 2))
print("cmp2", show(one == two or one, one ~= two and one, not (one == two) and "ne"))
print("cmpval", show(one < two, one > two, one <= 1, two >= 3, one == one, "a" ~= "a"))
print("not", show(not one, not N, not not one, not not N, not (one and N), not (N or F)))
print("not2", show(not one and 1 or 2, not N and 1 or 2, not F or 3, not T or 3))
print("calls", show(fals() and 1, tru() and 1, fals() or 2, tru() or 2, id(nil) or id(false)))
print("calls2", show(id(1) and id(2) or id(3), id(nil) and id(2) or id(3)))

-- assignment to a local used on the right (#280, #216)
local str = "main"
str = fals() and str or str
print("#280", type(str), str)
local s2 = "keep"
s2 = s2 or "other"
print("self-or", s2)
s2 = nil
s2 = s2 or "other"
print("self-or-nil", s2)
local s3 = 5
s3 = s3 and s3 + 1
print("self-and", s3)
local s4 = 1
s4 = N or s4
print("or-self", s4)
local s5 = 2
s5 = T and s5 or 0
print("and-self", s5)
local s6 = 7
s6 = F or s6 and s6 * 2
print("or-and-self", s6)

local untouched = "u"
local function test(foo)
  local should_not_change
  foo = (foo or id("bar"))
  return should_not_change, foo
end
print("#216", test(nil))
print("#216b", test("given"), untouched)

-- the idiom x = x or default in a function
local function opts(o)
  o = o or {}
  o.size = o.size or 10
  o.name = o.name and o.name:upper() or "NONE"
  return o.size, o.name
end
print("opts", opts())
print("opts2", opts({size = 3, name = "abc"}))

-- ternary with false/nil in the middle
print("tern", show(T and F or "x", T and N or "y", F and 1 or nil))

-- in table constructors, arguments and returns
local t = {one and two, N or "d", F and 1, [one or 5] = "k"}
print("table", show(t[1], t[2], t[3]))
local function r(a, b) return a and b, a or b end
print("return", show(r(1, 2)), show(r(nil, 2)), show(r(false, nil)))
print("arg", show(id(one and two), id(N or F)))

-- numbers and strings as operands
print("numstr", show(0 and "zero", "" and "empty", 0 or 1, "" or 1))

-- long chains
local a, b, c, d, e = 1, nil, 3, false, 5
print("long", show(a and b and c and d and e, a or b or c or d or e, b or d or a and c or e))
print("long2", show(b or d or e, (a and c) and (e or b), a and (b or (c and (d or e)))))

-- upvalues and globals as operands
G1 = nil
G2 = "g2"
local function ug() return G1 or G2, G2 and G1, a and G2 or b end
print("globals", ug())

-- fields
local cfg = {x = false, y = 0}
print("fields", show(cfg.x or "dx", cfg.y or "dy", cfg.z and cfg.z.w or "nz", cfg and cfg.y))

-- results feed arithmetic and concatenation
print("arith", (one and 10 or 20) + (N and 1 or 2), "s" .. (N or "t") .. (one and "u" or "v"))

-- comparisons mixed with and/or as values assigned to locals
local big = two > one and two or one
local small = two < one and two or one
local flag = one == 1 and two == 2 or false
local flag2 = one ~= 1 or two ~= 2
print("locals2", big, small, flag, flag2)

-- in loop bodies, with loop variables
local acc = {}
for i = 1, 6 do
  acc[#acc + 1] = (i % 2 == 0 and "e" or "o") .. (i > 3 and "+" or "-")
end
print("loop", table.concat(acc, ","))

-- a local assigned a chain that reads it after a comparison or call
do
  local function fa() return false end
  local b, c, n = 2, 3, nil
  b = (b ~= id(n)) and (fa() and c)
  print("cmp-then-self", b)
  local t, a, y = true, 1, 3
  t = a and ((c or y) or (id(a) <= 1)) and (t or a) or "s" and y
  print("chain-self", t)
  local bb = 2
  bb = ((not ((c >= a)) and (false)) and (1))
  print("not-cmp-self", bb)
  local f = false
  f = ((not (1) and 0) and (b and b) and f or id(n)) and ("u" and 7 and f or 7 and id(a))
  print("deep-self", f)
  local s = "x"
  s = (s == "x") and s .. "!" or s
  print("cmp-and-self", s)
  local v = 1
  v = (v > 0 and v < 2) and v + 1 or v - 1
  print("range-self", v)
end
