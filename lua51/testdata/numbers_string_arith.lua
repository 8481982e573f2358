print("10" + 1, "0x10" * 1, " 5 " * 2, "3" ^ 2, -"2", "10" / "4", "7" % "3", "1e1" - 1)
print(pcall(function() return "abc" + 1 end) == false)
