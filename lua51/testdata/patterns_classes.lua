local s = "aB1 _\t.,;\0zZ9"
for _, c in ipairs{"%a", "%A", "%d", "%D", "%l", "%L", "%u", "%U", "%s", "%S", "%w", "%W", "%p", "%P", "%c", "%C", "%x", "%X", "%z", "%Z", "."} do
  local n = select(2, s:gsub(c, ""))
  io.write(c, "=", n, " ")
end
print()
