local function split(s, sep)
  local out = {}
  for field in (s .. sep):gmatch("(.-)" .. sep:gsub("%p", "%%%0")) do out[#out + 1] = "[" .. field .. "]" end
  return table.concat(out)
end
print(split("a,b,,c", ","), split("x", ","), split("1.2.3", "."))
