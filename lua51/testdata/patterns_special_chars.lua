print(("a.b"):match("."), ("a+b"):match("a+b"), ("a+b"):match("a%+b"), ("50%"):match("%d+%%"), ("(x)"):match("%((.)%)"), ("a*b"):gsub("%*", "x"))
