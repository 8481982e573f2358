print(("x"):rep("3"), string.sub("hello", "2"), string.sub("hello", "2", "3"), math.floor("3.7"), math.max("2", 10), string.byte("abc", "2"))
print(string.char("65", 66), math.abs("-3"), ("abc"):len(), string.format("%d", "42"))
