-- which position error messages carry, by level and by who called
local function show(...) local t = {...}; for i = 1, select("#", ...) do t[i] = tostring(t[i]) .. ":" .. type(t[i]) end print(table.concat(t, " ")) end
local function lvl(n) error("at level " .. n, n) end
local function mid(n) lvl(n) end
show(pcall(lvl, 0))
show(pcall(lvl, 1))
show(pcall(lvl, 2))
show(pcall(mid, 2))
show(pcall(mid, 3))
show(pcall(mid, 50))
show(pcall(error, "direct"))
show(pcall(error, "direct 2", 2))
show(pcall(error, 42))
show(pcall(error, 42, 0))
show(pcall(function() error(42) end))
show(pcall(function() error(4.5, 1) end))
show(pcall(function() error(nil) end))
show(pcall(function() error() end))
show(pcall(error, true))
show(select("#", pcall(error)))
local t = {}
local ok, e = pcall(error, t)
print(ok, e == t)
-- a tail call loses its frame, so level 2 names nothing
local function tail(n) return lvl(n) end
show(pcall(function() return tail(2) end))
show(pcall(function() local r = tail(2); return r end))
-- library errors (luaL_error) name the Lua caller's line, none under pcall
show(pcall(string.rep))
show(pcall(function() return string.rep() end))
show(pcall(function() local x = string.rep(); return x end))
show(pcall(setmetatable, 1, {}))
show(pcall(function() local x = setmetatable(1, {}); return x end))
show(pcall(assert, false))
show(pcall(assert, nil, "assert message"))
show(pcall(function() assert(false, "in function") end))
show(pcall(function() assert(1 == 2) end))
show(pcall(assert, false, 12))
-- runtime errors name the running line, wherever they are caught
show(pcall(function() local a; return a.b end))
show(pcall(function()
  local a = {}
  return a.b.c
end))
-- a Go function calling a Lua function that raises: the Lua line counts
show(pcall(table.sort, {1, 2, 3}, function(a, b) error("cmp", 1) end))
show(pcall(string.gsub, "x", "x", function() error("repl") end))
show(pcall(string.gsub, "x", "x", function() error("repl", 2) end))
-- rawset's own errors carry no position
show(pcall(rawset, {}, nil, 1))
show(pcall(function() local t = {}; t[nil] = 1 end))
