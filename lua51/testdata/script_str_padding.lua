-- left, right and centre padding
local function lpad(s, n, c) s = tostring(s); return string.rep(c or " ", n - #s) .. s end
local function rpad(s, n, c) s = tostring(s); return s .. string.rep(c or " ", n - #s) end
local function center(s, n)
  local total = n - #s
  local left = math.floor(total / 2)
  return string.rep(" ", left) .. s .. string.rep(" ", total - left)
end
print("[" .. lpad("42", 6) .. "]", "[" .. rpad("ab", 5, ".") .. "]", "[" .. center("mid", 9) .. "]")
print("[" .. lpad(7, 3, "0") .. "]", "[" .. lpad("toolong", 3) .. "]", "[" .. center("even", 7) .. "]")
print(string.rep("ab", 3, nil), string.rep("x", 0) == "", string.rep("x", -1) == "")
