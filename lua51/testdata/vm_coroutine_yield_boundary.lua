-- a yield cannot cross a Go (C) call in Lua 5.1: pcall, metamethods,
-- iterators called by for, library callbacks; the error is catchable
print(pcall(coroutine.yield, 1))
print(select("#", pcall(coroutine.yield)))
local function try(name, body)
  local co = coroutine.create(body)
  local res = {coroutine.resume(co)}
  for i = 1, #res do res[i] = tostring(res[i]) end
  print(name, table.concat(res, " "), coroutine.status(co))
end
try("pcall", function() return pcall(coroutine.yield, "p") end)
try("pcall in fn", function() return pcall(function() coroutine.yield("q") end) end)
try("index", function()
  local t = setmetatable({}, {__index = function(_, k) return coroutine.yield(k) end})
  return t.key
end)
try("add", function()
  local v = setmetatable({}, {__add = function() coroutine.yield("add") return 1 end})
  return v + 1
end)
try("for iterator", function()
  for x in function(_, c) if c == 2 then return nil end coroutine.yield(c) return c + 1 end, nil, 0 do end
end)
try("sort", function() table.sort({3, 2, 1}, function(a, b) coroutine.yield("cmp") return a < b end) end)
try("gsub", function() return (string.gsub("ab", ".", function(c) coroutine.yield(c) end)) end)
try("tostring", function() return tostring(setmetatable({}, {__tostring = function() coroutine.yield("ts") return "x" end})) end)
-- caught inside, the coroutine goes on and can still yield normally
local co = coroutine.create(function()
  local ok, e = pcall(coroutine.yield, "inner")
  coroutine.yield(ok, e)
  return "finished"
end)
print(coroutine.resume(co))
print(coroutine.resume(co))
print(coroutine.resume(co))
-- a direct yield in a coroutine body and in a Lua function it calls work
local gen = coroutine.wrap(function()
  local function emit(v) coroutine.yield(v) end
  for i = 1, 3 do emit(i * 10) end
  return "done"
end)
print(gen(), gen(), gen(), gen())
