-- byte and char round trip, simple checksum
local s = "Zoho CRM"
local codes = {s:byte(1, -1)}
print(#codes, table.concat(codes, " "))
print(string.char(unpack(codes)) == s)
local sum = 0
for i = 1, #s do sum = (sum * 31 + s:byte(i)) % 65521 end
print(sum)
print(s:byte(), s:byte(-1), s:byte(100))
