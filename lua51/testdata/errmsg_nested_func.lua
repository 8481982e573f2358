local M = {}
function M.process(rec)
  local owner = rec.Owner
  return owner.Email
end
function M.run(list)
  for i = 1, #list do M.process(list[i]) end
end
print(select(2, pcall(M.run, {{Owner = {Email = "a"}}, {}})))
local ok, err = pcall(M.run, {{}})
print(ok, err)
M.run({5})
