-- name and namewhat as Lua 5.1 finds them from the call
local function who() local i = debug.getinfo(2, "n"); return tostring(i.name) .. "/" .. i.namewhat end
local function viaLocal() return who() end
function viaGlobal() return (who()) end
local t = {}
function t.field() return (who()) end
function t:method() return (who()) end
print((who()))
print(viaLocal())
print(viaGlobal())
print(t.field())
print(t:method())
local function outer()
  local function inner() return (who()) end
  return (inner())
end
print(outer())
local function up() return (who()) end
local function callsUp() return (up()) end
print(callsUp())
print((pcall(function() print((who())) end)))
