-- LUAI_MAXVARS (200 locals in scope in one function) and LUAI_MAXUPVALUES
-- (60 per function), which 5.1's parser enforces as it scopes names
local function try(label, src)
  local f, err = loadstring(src)
  print(label, f and "ok" or err)
end
local function names(prefix, n, sep)
  local t = {}
  for i = 1, n do t[i] = prefix .. i end
  return table.concat(t, sep or ", ")
end
try("main 200 locals", "local " .. names("a", 200))
try("main 201 locals", "local " .. names("a", 201))
try("main 200 + 1", "local " .. names("a", 200) .. "\nlocal z")
try("separate statements", "local " .. names("a", 150) .. "\nlocal " .. names("b", 51))
try("block ends scope", "do local " .. names("a", 150) .. " end\nlocal " .. names("b", 150))
try("nested block", "local " .. names("a", 150) .. "\ndo local " .. names("b", 51) .. " end")
try("function 201 params", "function f(" .. names("p", 201) .. ") end")
try("method self + 200", "function t:m(" .. names("p", 200) .. ") end")
try("vararg arg + 200", "function f(" .. names("p", 200) .. ", ...) end")
try("vararg arg + 199", "function f(" .. names("p", 199) .. ", ...) end")
try("main vararg no arg", "local " .. names("a", 200) .. "\nreturn ...")
try("params + locals", "local function f(" .. names("p", 100) .. ")\n  local " .. names("a", 101) .. "\nend")
try("numeric for", "local " .. names("a", 196) .. "\nfor i = 1, 2 do end")
try("numeric for over", "local " .. names("a", 197) .. "\nfor i = 1, 2 do end")
try("generic for", "local " .. names("a", 195) .. "\nfor k, v in pairs({}) do end")
try("generic for over", "local " .. names("a", 196) .. "\nfor k, v in pairs({}) do end")
try("for body", "for i = 1, 2 do local " .. names("a", 196) .. " end")
try("for body over", "for i = 1, 2 do local " .. names("a", 197) .. " end")
try("repeat scope", "repeat local " .. names("a", 200) .. " until a1")
try("local function", "local " .. names("a", 199) .. "\nlocal function f() end")
try("local function over", "local " .. names("a", 200) .. "\nlocal function f() end")
try("on a later line", "local " .. names("a", 100, ",\n") .. ",\n" .. names("b", 101, ",\n"))

-- upvalues
local function ups(n, decl)
  return "local " .. names("u", n) .. "\nfunction f()\n  return " .. names("u", n, " + ") .. "\nend"
end
try("60 upvalues", ups(60))
try("61 upvalues", ups(61))
try("same upvalue twice", "local " .. names("u", 60) .. "\nfunction f()\n  return " .. names("u", 60, " + ") .. " + u1 + u60\nend")
try("through a middle function",
  "local " .. names("u", 61) .. "\nfunction f()\n  return function()\n    return " .. names("u", 61, " + ") .. "\n  end\nend")
try("middle function line",
  "local " .. names("u", 61) .. "\nfunction f()\n  local g = 1\n  return function() return " .. names("u", 61, " +\n") .. " end\nend")
try("shadowed names count apart",
  "local " .. names("u", 40) .. "\ndo local " .. names("u", 21) .. "\nfunction g() return u1 end end\nfunction f() return " .. names("u", 40, " + ") .. " end")
try("globals are no upvalues", "function f() return " .. names("g", 100, " + ") .. " end")
try("upvalue in a method",
  "local " .. names("u", 61) .. "\nfunction t:m()\n  return self, " .. names("u", 61, ", ") .. "\nend")
try("funcname upvalue",
  "local " .. names("u", 60) .. "\nlocal t = {}\nfunction f()\n  local x = " .. names("u", 60, " + ") .. "\n  function t.g() end\nend")
