-- what inspect.lua / penlight style code does with the debug library
local function callerName()
  local info = debug.getinfo(3, "Sln")
  return info.short_src .. ":" .. info.currentline .. " " .. tostring(info.name)
end
local function log() return callerName() end
local function work() return (log()) end
print(work())
local function isLuaFunction(f) return debug.getinfo(f, "S").what ~= "C" end
print(isLuaFunction(work), isLuaFunction(print))
local function arity(f) return debug.getinfo(f, "u").nups end
print(arity(work))
