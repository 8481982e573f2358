local f = string.format
print(f("%c%c%c", 76, 117, 97), f("[%5c]", 65), f("[%-3c]", 66), #f("%c", 0), #f("%3c", 0))
