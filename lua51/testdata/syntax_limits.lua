-- LUAI_MAXCCALLS (200) bounds syntax nesting and the variables of one
-- assignment, counted from loadstring's C-call depth in the main chunk
local function try(src)
  local f, err = loadstring(src)
  print(#src, f and "ok" or err)
end
local function parens(n) return "return " .. ("("):rep(n) .. "1" .. (")"):rep(n) end
try(parens(150))
try(parens(196))
try(parens(197))
try(parens(300))
local function unary(n) return "return " .. ("- "):rep(n) .. "1" end
try(unary(196))
try(unary(197))
local function blocks(n) return ("do "):rep(n) .. ("end "):rep(n) end
try(blocks(197))
try(blocks(198))
local function tables(n) return "return " .. ("{"):rep(n) .. ("}"):rep(n) end
try(tables(196))
try(tables(197))
local function funcs(n) return ("local function f() "):rep(n) .. ("end "):rep(n) end
try(funcs(197))
try(funcs(198))
local function ifs(n) return ("if x then "):rep(n) .. ("end "):rep(n) end
try(ifs(197))
try(ifs(198))
local function concat(n) return "return 1" .. (" .. 1"):rep(n) end
try(concat(196))
try(concat(197))
local function pow(n) return "return 2" .. (" ^ 1"):rep(n) end
try(pow(197))
local function plus(n) return "return 1" .. (" + 1"):rep(n) end
try(plus(1000))
local function vars(n, pre, post)
  local t = {}
  for i = 1, n do t[i] = "a" .. i end
  return (pre or "") .. table.concat(t, ", ") .. " = 1" .. (post or "")
end
try(vars(197))
try(vars(198))
try(vars(199))
try(vars(197, "do ", " end"))
try(vars(198, "do ", " end"))
try(vars(197, "local function f()\n", " end"))
try(vars(198, "local function f()\n", " end"))
try(vars(196, "local function f()\nlocal function g() ", " end end"))
-- as deep as the tests of the official suite go
local s = string.rep("a = {", 100) .. string.rep("}", 100)
try(s)
