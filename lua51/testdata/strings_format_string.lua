local f = string.format
print(f("[%s][%10s][%-10s][%.2s][%5.2s][%.0s][%05s]", "hi", "hi", "hi", "hello", "hello", "hello", "ab"))
print(f("%s %s %s", 1, 2.5, "x"), #f("%s", ("x"):rep(300)), #f("%.5s", ("y"):rep(300)))
print(f("%s|%%|%5s%%", "a", "b"), f("no args"), f("%s", 1e15))
