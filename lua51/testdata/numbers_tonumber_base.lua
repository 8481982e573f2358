print(tonumber("zz", 36), tonumber("ZZ", 36), tonumber("8", 8), tonumber("777", 8), tonumber("ff", 16), tonumber(" ff ", 16))
print(tonumber("1010", 2), tonumber("2", 2), tonumber("0x10", 16), tonumber("1.5", 16), tonumber("", 16), tonumber("10", 36), tonumber(10, 16))
print(tonumber("  1010  ", 2), tonumber("fFfa", 15), tonumber(string.rep("1", 42), 2))
