-- table.sort with a comparator
local t = {5, 2, 8, 1, 9, 3}
table.sort(t, function(a, b) return a > b end)
print(table.concat(t, " "))
local people = {{name = "ann", age = 31}, {name = "bob", age = 25}, {name = "cy", age = 40}}
table.sort(people, function(a, b) return a.age < b.age end)
for _, p in ipairs(people) do io.write(p.name, " ") end
print()
table.sort(people, function(a, b) return a.name > b.name end)
for _, p in ipairs(people) do io.write(p.name, " ") end
print()
local calls = 0
local u = {3, 1, 2, 5, 4}
table.sort(u, function(a, b) calls = calls + 1; return a < b end)
print(table.concat(u, " "), calls > 0)
