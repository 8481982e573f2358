print("start")
local s = "a string
that does not end"
print(s)
