-- nested pcall keeps the outer frames intact
local depth = 0
local function level(n)
  depth = depth + 1
  if n == 0 then error("bottom", 0) end
  local ok, e = pcall(level, n - 1)
  return "level " .. n .. " caught " .. e
end
print(pcall(level, 3))
print(depth)
