local s = "abc"
print(select(2, pcall(function() return "abc" + 1 end)))
print(select(2, pcall(function() return 1 + "abc" end)))
print(select(2, pcall(function() return s * 2 end)))
print(select(2, pcall(function() return "10" + {} end)))
print("10" + 5, "3" * "4")
