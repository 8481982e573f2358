-- thousands separators and percentages
local function commas(n)
  local s = tostring(math.floor(n))
  local int = s:reverse():gsub("(%d%d%d)", "%1,"):reverse()
  return (int:gsub("^,", ""))
end
for _, n in ipairs({0, 7, 999, 1000, 123456, 1234567, 1000000}) do io.write(commas(n), " ") end
print()
print(string.format("%.1f%%", 45 / 120 * 100), string.format("%3d%%", 7))
