local total
local function add(n) return total + n end
print(select(2, pcall(add, 1)))
print(add(2))
