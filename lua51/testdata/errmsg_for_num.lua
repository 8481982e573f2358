print(select(2, pcall(function() for i = nil, 2 do end end)))
print(select(2, pcall(function() for i = {}, 2 do end end)))
print(select(2, pcall(function() for i = 1, {} do end end)))
print(select(2, pcall(function() for i = 1, nil do end end)))
print(select(2, pcall(function() for i = 1, 2, {} do end end)))
print(select(2, pcall(function() for i = 1, 2, nil do end end)))
local limit
for i = 1, limit do print(i) end
