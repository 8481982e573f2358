print(tonumber("inf"), tonumber("-inf"), tonumber("infinity"), tonumber("nan"), tonumber("0x1p4"), tonumber("0x.8"))
print(tonumber(nil == nil), tonumber({}), tonumber(42), tonumber("42", 10))
