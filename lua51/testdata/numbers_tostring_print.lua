local t = {}
for i = -3, 3 do t[#t + 1] = i / 4 end
print(unpack(t))
print(1/7, 22/7, 1e-300, 6.02e23, 1.5e-10)
