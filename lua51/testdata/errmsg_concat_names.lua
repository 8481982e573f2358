local rec = {}
print(select(2, pcall(function() return "Name: " .. rec.Name end)))
print(select(2, pcall(function() return "Name: " .. missing end)))
print(select(2, pcall(function() return rec.First .. " " .. rec.Last end)))
local up
print(select(2, pcall(function() return "v" .. up end)))
print("total: " .. rec.Total)
