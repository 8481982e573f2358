local t = {}
local ops = {
  function() return t + 1 end, function() return t - 1 end,
  function() return t * 1 end, function() return t / 1 end,
  function() return t % 1 end, function() return t ^ 1 end,
  function() return 1 + t end, function() return 2 ^ t end,
}
for i, f in ipairs(ops) do print(i, select(2, pcall(f))) end
