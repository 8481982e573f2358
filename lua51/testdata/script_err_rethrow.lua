-- catching, annotating and rethrowing
local function inner() error({code = "TIMEOUT"}) end
local function middle()
  local ok, e = pcall(inner)
  if not ok then
    e.trace = (e.trace or "") .. "middle;"
    error(e, 0)
  end
end
local function outer()
  local ok, e = pcall(middle)
  if not ok then e.trace = e.trace .. "outer;"; error(e) end
end
local ok, e = pcall(outer)
print(ok, e.code, e.trace)
local ok2, e2 = pcall(function()
  local ok, msg = pcall(error, "first", 0)
  error("wrapped: " .. msg, 0)
end)
print(ok2, e2)
