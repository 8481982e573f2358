print(("hello world"):find("o w"), ("hello"):find("l+"), ("hello"):find("xyz"), ("hello"):find(""), (""):find(""))
print(("a.b"):find(".", 1, true), ("a+b"):find("+", 1, true), ("a.b"):find("%."), ("abc"):find("b", 1, false))
