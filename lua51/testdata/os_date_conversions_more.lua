-- POSIX conversions glibc also knows, and unknown ones copied as is
local t = 86400 * 365 + 3600 * 13 + 61
for _, c in ipairs{"e", "D", "F", "T", "R", "r", "h", "C", "g", "G", "V", "u", "k", "l", "P", "z", "Q", "E", "+"} do
  print(c, "[" .. os.date("!%" .. c, t) .. "]")
end
print("[" .. os.date("!%n%t", t) .. "]")
print(os.date("!100%", t), os.date("!%Ec", t))
print(os.date("!week %U/%W day %j", t))
