-- table.concat with and without a separator
print(table.concat({}))
print(table.concat({}, ","))
print(table.concat({"a"}, ","))
print(table.concat({"a", "b", "c"}))
print(table.concat({"a", "b", "c"}, ", "))
print(table.concat({"x", "y"}, ""))
print(table.concat({"x", "y"}, "\t|\t"))
