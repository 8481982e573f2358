-- and/or/not and comparisons as conditions of if, while and repeat.
local function yes(label, cond) io.write(label, "=", cond and "T" or "F", " ") end
local a, b, n, f, t = 1, 2, nil, false, true
local function id(v) return v end

if a and b then yes("and", true) else yes("and", false) end
if a and n then yes("and-nil", true) else yes("and-nil", false) end
if n or f then yes("or-f", true) else yes("or-f", false) end
if n or b then yes("or-b", true) else yes("or-b", false) end
if not n then yes("not-nil", true) else yes("not-nil", false) end
if not (a and n) then yes("not-and", true) else yes("not-and", false) end
if not (n or f) and a then yes("not-or-and", true) else yes("not-or-and", false) end
if a < b and b < 3 or n then yes("lt-chain", true) else yes("lt-chain", false) end
if a > b or b > 3 or a == 1 then yes("gt-chain", true) else yes("gt-chain", false) end
if not (a == 1) or not (b ~= 2) then yes("not-eq", true) else yes("not-eq", false) end
if (a or n) and (f or t) then yes("groups", true) else yes("groups", false) end
if (n and a) or (f and t) then yes("groups2", true) else yes("groups2", false) end
print()

-- constants
if nil then print("nil") elseif false then print("false") elseif 0 then print("zero is true") end
if "" then print("empty string is true") end
if not nil and not false then print("not nil and not false") end
if nil or false or 1 then print("or const") end
if 1 and nil then print("bad") else print("and const") end
if true and not true then print("bad") else print("true and not true") end
if (1 < 2) == true then print("cmp == true") end
if (1 < 2) ~= (2 < 1) then print("cmp ~= cmp") end
if not not 1 then print("not not") end

-- calls in conditions are evaluated once and short-circuit
local log = {}
local function v(x, r) log[#log + 1] = x; return r end
if v("a", nil) and v("b", true) then end
if v("c", 1) and v("d", false) then end
if v("e", nil) or v("f", 1) then end
if v("g", 1) or v("h", 1) then end
if not (v("i", nil) or v("j", nil)) then log[#log + 1] = "k" end
print(table.concat(log, ""))

-- loops
local i = 0
while i < 10 and not (i == 5) do i = i + 1 end
print("while", i)
local j = 0
while not (j >= 3) or j == 3 do j = j + 1 end
print("while2", j)
local k = 0
repeat k = k + 1 until k >= 4 and k % 2 == 0 or k > 100
print("repeat", k)
local m = 10
repeat m = m - 1 until not (m > 5) and (m or false)
print("repeat2", m)

-- elseif chains with mixed conditions
local function classify(x)
  if type(x) == "number" and x < 0 then return "neg"
  elseif type(x) == "number" and (x == 0 or x ~= x) then return "zero-or-nan"
  elseif type(x) == "number" then return "pos"
  elseif x == nil or x == false then return "falsy"
  elseif not (type(x) == "string") then return "other"
  else return "string" end
end
print(classify(-1), classify(0), classify(3), classify(nil), classify(false), classify({}), classify("s"))

-- comparisons of constants and numbers
print(1 < 2, 2 < 1, 1 <= 1, "a" < "b", "b" <= "a", 1 == 1.0, "1" == 1, 2 ~= 2)
if 2^53 == 2^53 + 1 then print("2^53 + 1 rounds") end
if -0 == 0 then print("-0 == 0") end
if 1/0 > 2^1023 then print("inf is big") end

-- conditions on fields and upvalues
local cfg = {on = false, level = 3}
local function check() return cfg.on or cfg.level > 2 and "lvl" end
print("check", check())
cfg.level = 1
print("check2", check())
