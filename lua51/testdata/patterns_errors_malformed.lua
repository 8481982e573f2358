for _, pat in ipairs{"%", "[a", "[a%", "[]", "[^]", "%f", "%fx", "(x", "x)", "%1", "(x)%2", "(()", "%b", "%bx"} do
  local ok, msg = pcall(string.find, "x", pat)
  print(string.format("%q", pat), ok, (tostring(msg):gsub("^.-:%d+: ", "")))
end
