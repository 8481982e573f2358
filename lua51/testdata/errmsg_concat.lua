local s = {}
print(select(2, pcall(function() return "a" .. s end)))
print(select(2, pcall(function() return s .. "a" end)))
print(select(2, pcall(function() return "a" .. s .. "b" end)))
print(select(2, pcall(function() return {} .. "x" end)))
print(select(2, pcall(function() return nil .. "x" end)))
print(select(2, pcall(function() local n; return "id=" .. n end)))
print(select(2, pcall(function() return "x" .. true end)))
print(1 .. 2, "a" .. 1 .. "b")
