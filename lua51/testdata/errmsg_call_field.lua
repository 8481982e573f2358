local crm = {records = {}}
print(select(2, pcall(function() crm.records.lst() end)))
print(select(2, pcall(function() return math.foo(1) end)))
print(select(2, pcall(function() return string.upper.x end)))
crm.records.get(1)
