local n = 5
print(select(2, pcall(function() return n.x end)))
print(select(2, pcall(function() n.x = 1 end)))
print(select(2, pcall(function() local b = true; return b.x end)))
print(select(2, pcall(function() local f = print; return f.x end)))
print(select(2, pcall(function() return (1).x end)))
print(select(2, pcall(function() return ("s").x.y end)))
