-- numerals as 5.1's read_numeral reads them: digits and dots, an
-- exponent with its sign, then letters, digits and '_', all of which
-- strtod must take
local function try(src)
  local f, err = loadstring("return " .. src)
  if f then
    local v = f()
    print(src, "=", v and string.format("%.17g", v))
  else
    print(src, "->", err)
  end
end
for _, s in ipairs{
  "0", "00", "0010", "010.5", "1.", ".5", "5.e2", "1e5", "1E5", "1e+5", "1e-5", "1.5e3",
  "0x10", "0X10", "0xff", "0xFF", "0xA", "0x7fffffff", "0xffffffffffffffff", "0x1p4", "0x1P4",
  "1e308", "1e309", "1e-400", "123456789012345678901234567890",
  "3..2", "3.2.1", "1..", "1...", "0x", "0xg", "0x1g", "0x1p", "0x1.8", "1e", "1e+", "1ee5",
  "3abc", "3_", "1_000", "08", "09.5", "0b101", "1f", "1.5f", "1e5x", "0x1e+5", "0x1p-4",
  ".5.5", "..5", "5 .. 5", "5 ..5", ". 5",
  "- 5", "-0", "- -5", "--5",
  "1 .5", "2^0.5", "1e2^2",
} do
  try(s)
end
-- a numeral directly followed by a name or a string
try("3 x")
try("3'x'")
try("0x1 'x'")
-- a numeral's text in messages is what was written
print(loadstring("x = 0x10 0010"))
print(loadstring("x = 1e+5 5.50"))
