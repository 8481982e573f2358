-- nested protected calls unwind only their own frames
local trace = {}
local function log(s) trace[#trace + 1] = s end
local outer = 0
local function level3() outer = outer + 100; error("deep", 0) end
local function level2()
  local mine = 1
  local get = function() return mine end
  local ok, e = pcall(level3)
  mine = mine + 1
  log("level2 " .. tostring(ok) .. " " .. e .. " " .. get())
  error("again", 0)
end
local function level1()
  local ok, e = pcall(level2)
  outer = outer + 1
  log("level1 " .. tostring(ok) .. " " .. e .. " " .. outer)
end
level1()
print(table.concat(trace, "\n"))
-- a closure made in a frame that the error unwound keeps the last value
local keep
pcall(function()
  local v = "before"
  keep = function() return v end
  v = "after"
  error("x")
end)
print(keep())
-- counters in a loop across many caught errors
local n, fails = 0, 0
local function try(f) n = n + 1; if not pcall(f) then fails = fails + 1 end end
for i = 1, 10 do try(function() if i % 3 == 0 then error("e") end end) end
print(n, fails)
