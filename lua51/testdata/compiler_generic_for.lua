-- Generic for with every shape of explist (gopher-lua #514 and relatives).
local function keys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = tostring(k) end
  table.sort(ks)
  return table.concat(ks, ",")
end

-- next, t: the control value must start as nil
local t = {10, 20, 30}
local seen = {}
for k, v in next, t do seen[#seen + 1] = k .. "=" .. v end
table.sort(seen)
print("next,t", table.concat(seen, " "))

-- the same right after a table whose constructor left values in registers
local u = {1, 2, 3, 4, 5}
local count = 0
for i, v in next, u do count = count + 1 end
print("next,u", count)

-- an explicit triple
local function iter(s, c)
  if c < s then return c + 1, c * 2 end
end
for i, d in iter, 3, 0 do io.write(i, ":", d, " ") end
print()

-- a triple with one loop variable, and with more variables than values
for i in iter, 2, 0 do io.write(i, " ") end
print()
for a, b, c, d in iter, 2, 0 do io.write(tostring(a), tostring(b), tostring(c), tostring(d), " ") end
print()

-- extra expressions are evaluated and dropped
local calls = 0
local function side() calls = calls + 1; return "x" end
for i in iter, 2, 0, side() do io.write(i, " ") end
print("side", calls)

-- an iterator function called with exactly (state, control)
local log = {}
local function spy(...)
  log[#log + 1] = select("#", ...) .. ":" .. tostring((...)) .. "," .. tostring((select(2, ...)))
  return nil
end
for x in spy do end
for x in spy, "s" do end
for x in spy, "s", "c" do end
print(table.concat(log, " | "))

-- two loops in a row with a bare function (gopher-lua #514)
local args = {}
local function bare(s, c)
  args[#args + 1] = tostring(s) .. "/" .. tostring(c)
  if c == nil then return 1 end
end
for k in bare do end
for k in bare do end
print(table.concat(args, " "))

-- a function returning more than three values
local function many() return iter, 2, 0, "extra", "more" end
for i, d in many() do io.write(i, "-", d, " ") end
print()

-- a call that is not last is cut to one value
local function two() return iter, 5 end
for i in two(), 2, 0 do io.write(i, " ") end
print()

-- pairs / ipairs
local m = {a = 1, b = 2, c = 3}
print("pairs", keys(m))
local s = 0
for i, v in ipairs({5, 6, 7, nil, 9}) do s = s + i * v end
print("ipairs", s)

-- loop variables are fresh locals; changing them does not steer the loop
local out = {}
for i, v in ipairs({"a", "b", "c"}) do
  i = i * 10
  out[#out + 1] = i .. v
end
print(table.concat(out, " "))

-- closures capture each iteration's variables
local fs = {}
for i, v in ipairs({"p", "q", "r"}) do fs[#fs + 1] = function() return i .. v end end
print(fs[1](), fs[2](), fs[3]())

-- break inside a generic for, nested loops
local found
for i, row in ipairs({{1, 2}, {3, 4}, {5, 6}}) do
  for j, x in ipairs(row) do
    if x == 4 then found = i .. "," .. j; break end
  end
  if found then break end
end
print("found", found)

-- string iterators
local words = {}
for w in string.gmatch("one two  three", "%a+") do words[#words + 1] = w end
print(table.concat(words, "|"))
