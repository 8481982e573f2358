print(("hello"):gsub("l", "L", 1), ("hello"):gsub("l", "L", 0), ("hello"):gsub("l", "L", "1"), ("hello"):gsub("l", "L", -1), ("hello"):gsub("l", "L", 10))
print(("aaa"):gsub("^a", "b"), ("abc"):gsub("^.", "X"), ("abc"):gsub("x*", "-", 2))
