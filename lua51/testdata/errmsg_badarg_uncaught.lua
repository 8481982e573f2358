local rows = {"a", "b"}
print(#rows)
table.insert(rows, "x", "y")
