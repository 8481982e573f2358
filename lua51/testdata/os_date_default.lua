-- %c, %x and %X in the C locale
print(os.date("!%c", 0))
print(os.date("!%x", 0))
print(os.date("!%X", 0))
print(os.date("!%c", 1234567890))
print(#os.date() > 0, #os.date("%c") > 0)
