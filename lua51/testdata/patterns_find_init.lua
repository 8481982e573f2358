local s = "hello"
print(s:find("l", 10), s:find("", 10), s:find("", 6), s:find("", 5), s:find("l", -2), s:find("h", -100), s:find("o", 0))
print(s:find("l", 4), s:find("l", "4"), s:find("^l", 3), s:find("^h", 2))
