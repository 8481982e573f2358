-- a generic for's iterator call is on the line where its explist starts
local function line(src)
  local ok, msg = pcall(loadstring(src))
  return msg
end
print(line("for k, v in 3 do end"))
print(line("\n\nfor k, v in\n 3\n do\n print(k)\n end"))
print(line("local t = {}\nfor k, v in\n  next, t, nil, \n 5 do end\nfor x in\n  nil\ndo end"))
print(line("for k in pairs(\n nil) do end"))
