-- splitting strings with gmatch
local function split(s, sep)
  local out = {}
  for piece in (s .. sep):gmatch("(.-)" .. sep:gsub("%p", "%%%0")) do out[#out + 1] = piece end
  return out
end
local function show(t) return "[" .. table.concat(t, "|") .. "] " .. #t end
print(show(split("a,b,,c", ",")))
print(show(split("one", ",")))
print(show(split("", ",")))
print(show(split("x.y.z", ".")))
local words = {}
for w in ("  The quick  brown fox  "):gmatch("%S+") do words[#words + 1] = w end
print(show(words))
for k, v in ("name=acme; owner=ravi; stage=won"):gmatch("(%w+)=(%w+)") do io.write(k, "->", v, " ") end
print()
