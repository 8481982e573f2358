-- number and string keys are different keys
local t = {}
t[1] = "num"; t["1"] = "str"; t[1.0] = "float-one"
print(t[1], t["1"])
t[2^53] = "big"
print(t[2^53])
local n = 0
for _ in pairs(t) do n = n + 1 end
print(n)
