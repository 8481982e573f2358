-- every C89 strftime conversion
local t = 1234567890 -- Fri Feb 13 23:31:30 2009 UTC
for _, c in ipairs{"a", "A", "b", "B", "c", "d", "H", "I", "j", "m", "M", "p",
    "S", "U", "w", "W", "x", "X", "y", "Y", "Z", "%"} do
  print(c, os.date("!%" .. c, t))
end
