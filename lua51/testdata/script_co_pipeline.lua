-- producer / filter / consumer pipeline
local function producer(items)
  return coroutine.create(function()
    for _, it in ipairs(items) do coroutine.yield(it) end
  end)
end
local function receive(co)
  local ok, v = coroutine.resume(co)
  return v
end
local function filter(src, pred)
  return coroutine.create(function()
    while true do
      local v = receive(src)
      if v == nil then return end
      if pred(v) then coroutine.yield(v) end
    end
  end)
end
local function map(src, f)
  return coroutine.create(function()
    while true do
      local v = receive(src)
      if v == nil then return end
      coroutine.yield(f(v))
    end
  end)
end
local p = map(filter(producer({5, 12, 7, 30, 2, 18}), function(x) return x > 6 end), function(x) return x * 2 end)
local out = {}
while true do
  local v = receive(p)
  if v == nil then break end
  out[#out + 1] = v
end
print(table.concat(out, " "))
