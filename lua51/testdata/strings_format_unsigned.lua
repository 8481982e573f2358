local f = string.format
print(f("%x|%X|%o|%u", 255, 255, 8, 42))
print(f("%x|%u|%o", -1, -1, -1))
print(f("%#x|%#X|%#o|%#x|%#o", 255, 255, 8, 0, 0))
print(f("%08x|%-8X|%.4x|%#10x|%#010x", 3054, 3054, 10, 255, 255))
