-- select with an index outside -n..n raises
local function e(f)
  local ok, msg = pcall(f)
  print(ok, (string.gsub(msg, "'", "")))
end
e(function() return select(0, 1, 2) end)
e(function() return select(-3, 1, 2) end)
e(function() return select(-1) end)
print(select(-2, 1, 2))
print(select(2.0, "a", "b"))
