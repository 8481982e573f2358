print(("hello"):match(".", -1), ("hello"):match("()", 10), ("hello"):match("l+", 4), ("hello"):match("^l", 3), ("hello"):match("h", 0))
