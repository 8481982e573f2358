local t = {}
print(select(2, pcall(function() t[nil] = 1 end)))
print(select(2, pcall(function() t[0/0] = 1 end)))
print(select(2, pcall(function() rawset(t, nil, 1) end)))
print(t[nil])
print(select(2, pcall(function() local k; t[k] = 1 end)))
t[nil] = 2
