-- try/finally emulation
local log = {}
local function try(body, finally)
  local res = {pcall(body)}
  finally()
  if not res[1] then error(res[2], 0) end
  return unpack(res, 2)
end
print(try(function() log[#log + 1] = "body"; return "value" end, function() log[#log + 1] = "cleanup" end))
print(pcall(try, function() error("bad", 0) end, function() log[#log + 1] = "cleanup2" end))
print(table.concat(log, ","))
