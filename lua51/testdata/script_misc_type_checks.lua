-- type checks in argument validation
local function describe(v)
  local t = type(v)
  if t == "table" then return "table with " .. #v .. " items" end
  if t == "function" then return "function" end
  return t .. ":" .. tostring(v)
end
for _, v in ipairs({1, "s", true, {1, 2}}) do print(describe(v)) end
print(describe(print), describe(nil), type(type))
