-- conversions between strings and numbers
print(tostring(10), tostring(-3), tostring(true), tostring(nil))
print(tonumber("42"), tonumber("  7  "), tonumber("0x1F"), tonumber("abc"), tonumber(""), tonumber("5", 10))
print("10" + 5, "3" * "4", 10 .. 20, ("2"):rep(3) + 0)
print(math.floor(3.7), math.ceil(3.2), math.max(1, 9, 3), math.min(4, -2), math.abs(-8))
