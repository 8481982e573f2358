-- in-order walk of a binary tree as a coroutine
local function insert(node, v)
  if not node then return {v = v} end
  if v < node.v then node.l = insert(node.l, v) else node.r = insert(node.r, v) end
  return node
end
local root
for _, v in ipairs({50, 30, 70, 20, 40, 60, 80, 35}) do root = insert(root, v) end
local function walk(n)
  if n then walk(n.l); coroutine.yield(n.v); walk(n.r) end
end
local out = {}
for v in coroutine.wrap(function() walk(root) end) do out[#out + 1] = v end
print(table.concat(out, " "))
