local x = 3..2
print(x)
