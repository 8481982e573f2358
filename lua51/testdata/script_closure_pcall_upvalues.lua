-- a caught error must not detach the upvalues of frames it did not unwind
local total = 0
local function add(x)
  if type(x) ~= "number" then error("not a number: " .. tostring(x)) end
  total = total + x
end
local inputs = {1, 2, "three", 4, nil, 6}
local bad = 0
for i = 1, 6 do
  local ok = pcall(add, inputs[i])
  if not ok then bad = bad + 1 end
end
print(total, bad)
local log = {}
local function try(f) log[#log + 1] = pcall(f) and "ok" or "err" end
for i = 1, 4 do try(function() if i % 2 == 0 then error("e") end end) end
print(table.concat(log, " "), #log)
