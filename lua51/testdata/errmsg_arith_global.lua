count = nil
print(select(2, pcall(function() return count * 2 end)))
print(select(2, pcall(function() return 2 - count end)))
print(1 / count)
