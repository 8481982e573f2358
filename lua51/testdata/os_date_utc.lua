-- os.date with '!' formats UTC
print(os.date("!%Y-%m-%d %H:%M:%S", 0))
print(os.date("!%Y-%m-%d %H:%M:%S", 86400 * 365))
print(os.date("!%Y-%m-%d %H:%M:%S", 1234567890))
print(os.date("!%Y-%m-%d %H:%M:%S", 951782400))
print(os.date("!%Y-%m-%d %H:%M:%S", -86400))
print(os.date("!%Y-%m-%d %H:%M:%S", 4102444800))
