-- ipairs stops at the first nil; # on a proper sequence
local t = {1, 2, 3, nil, 5}
local n = 0
for _ in ipairs(t) do n = n + 1 end
print(n)
local seq = {}
for i = 1, 10 do seq[i] = i end
print(#seq)
seq[#seq] = nil
print(#seq)
local count = 0
for k, v in pairs({a = 1, b = 2, 3, 4}) do count = count + 1 end
print(count)
