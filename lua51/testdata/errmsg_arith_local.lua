local total
local n = 3
print("computing")
print(total + n)
