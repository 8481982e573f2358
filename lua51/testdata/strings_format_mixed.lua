print(string.format("%-10s|%8.2f|%5d|%x", "total", 1234.567, 42, 48879))
print(string.format("%3d%%", 50), string.format("%s=%q", "k", "v\n"))
print(("%d items at %.2f"):format(3, 9.5))
