print(string.len(12345), string.upper(1.5), string.rep(1, 3), string.sub(3.25, 2), string.reverse(100))
print(("x"):rep(2) .. 1e15, table.concat({1, 2.5, 1e20}, " "))
