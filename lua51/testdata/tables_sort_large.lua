-- sorting many values
local t = {}
local x = 12345
for i = 1, 20000 do
  x = (x * 1103515245 + 12345) % 2147483648
  t[i] = x % 100000
end
table.sort(t)
local ok = true
for i = 2, #t do if t[i - 1] > t[i] then ok = false end end
print(ok, #t, t[1], t[#t])
table.sort(t, function(a, b) return a > b end)
print(t[1] >= t[2], t[#t])
local r = {}
for i = 1, 5000 do r[i] = 5001 - i end
table.sort(r)
print(r[1], r[2500], r[5000])
