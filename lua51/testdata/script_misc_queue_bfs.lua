-- breadth-first search over a graph of accounts
local graph = {A = {"B", "C"}, B = {"D"}, C = {"D", "E"}, D = {"F"}, E = {"F"}, F = {}}
local function bfs(start, goal)
  local queue, head = {{start}}, 1
  local visited = {[start] = true}
  while queue[head] do
    local path = queue[head]; head = head + 1
    local node = path[#path]
    if node == goal then return table.concat(path, "->") end
    for _, nb in ipairs(graph[node]) do
      if not visited[nb] then
        visited[nb] = true
        local np = {unpack(path)}
        np[#np + 1] = nb
        queue[#queue + 1] = np
      end
    end
  end
end
print(bfs("A", "F"), bfs("C", "F"), bfs("F", "A"))
