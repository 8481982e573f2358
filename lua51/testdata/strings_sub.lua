local s = "hello"
print(s:sub(2), s:sub(2, 3), s:sub(-3), s:sub(-3, -2), s:sub(0), s:sub(10), s:sub(3, 2), s:sub(-100, 2), s:sub(2, 100), s:sub(0, 0))
print(s:sub(2.7), s:sub("2", "-2"), ("x"):sub(1, -1), (""):sub(1))
