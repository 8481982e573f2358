-- debug.getlocal names parameters and locals
local function f(a, b)
  local c = a + b
  local names = {}
  local i = 1
  while true do
    local name, value = debug.getlocal(1, i)
    if not name then break end
    if name:sub(1, 1) ~= "(" and type(value) ~= "table" then names[#names + 1] = name .. "=" .. tostring(value) end
    i = i + 1
  end
  return table.concat(names, " ")
end
print(f(1, 2))
local function g(x)
  local function peek() return debug.getlocal(2, 1) end
  return peek()
end
print(g("v"))
local function g2(x)
  local function peek() return debug.getlocal(2, 1) end
  return (peek())
end
print(g2("v"))
local ok, msg = pcall(function() return debug.getlocal(50, 1) end)
print(ok, (string.gsub(msg, "'", "")))
