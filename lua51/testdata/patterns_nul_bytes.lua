local s = "a\0b\0c"
print(#s, s:find("\0", 1, true), s:find("%z"), select(2, s:gsub("%z", "")), #s:gsub("%z", "-"))
io.write(s:match("b%z(.)"), "\n")
