local s = "Hello"
print(s:len(), s:upper(), ("x"):rep(3), #s, s:byte(1), ("%d"):format(5), s:find("l"), s:sub(2, 2))
