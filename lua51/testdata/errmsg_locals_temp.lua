local a = {}
print(select(2, pcall(function() return (a.b or a.c).d end)))
print(select(2, pcall(function() local x = a.b; return x.y end)))
print(select(2, pcall(function() local x = a; return x.b.c end)))
print(select(2, pcall(function() return a["b"].c end)))
print(select(2, pcall(function() local v = a.b.c end)))
print(select(2, pcall(function() local p, q = 1; return q.x end)))
