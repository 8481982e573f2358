local f = string.format
print(f("%d|%i|%5d|%-5d|%05d|%+d|% d|%.3d|%5.3d|%.0d", 42, 42, 42, 42, 42, 42, 42, 7, 7, 0))
print(f("%d %d %d %d", 3.7, -3.7, -0.5, 2^40))
print(f("%+05d|%-+5d|% 05d", -3, 3, 3))
