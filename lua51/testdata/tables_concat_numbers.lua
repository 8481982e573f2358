-- numbers in the list become strings
print(table.concat({1, 2, 3}, "+"))
print(table.concat({1, "two", 3}, " "))
print(table.concat({10, 20}, 0))
print(table.concat({-5, 0, 7}, ";"))
print(table.concat({1.5, 2.25}, " "))
