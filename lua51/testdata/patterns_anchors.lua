print(("hello"):match("^h"), ("hello"):match("^e"), ("hello"):match("o$"), ("hello"):match("l$"))
print(("x$y"):match("x$y"), ("$x"):match("$x"), ("a^b"):match("a^b"), ("aaa"):match("^a-$"))
print(("hello"):gsub("^h", "H"), ("hello"):gsub("$", "!"), ("hello"):gsub("^", ">"))
