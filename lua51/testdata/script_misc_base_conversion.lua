-- integer to base-n strings and back with tonumber
local digits = "0123456789abcdefghijklmnopqrstuvwxyz"
local function toBase(n, b)
  if n == 0 then return "0" end
  local s = ""
  while n > 0 do local d = n % b; s = digits:sub(d + 1, d + 1) .. s; n = math.floor(n / b) end
  return s
end
for _, b in ipairs({2, 8, 16, 36}) do
  local s = toBase(255, b)
  print(b, s, tonumber(s, b))
end
print(tonumber("ff", 16), tonumber("777", 8), tonumber("zz", 36), tonumber("102", 2))
