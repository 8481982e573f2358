-- round-robin scheduler of tasks that yield
local tasks = {}
local log = {}
local function spawn(name, steps)
  tasks[#tasks + 1] = {name = name, co = coroutine.create(function()
    for i = 1, steps do
      log[#log + 1] = name .. i
      coroutine.yield()
    end
  end)}
end
spawn("a", 3); spawn("b", 1); spawn("c", 2)
while #tasks > 0 do
  local i = 1
  while i <= #tasks do
    local t = tasks[i]
    coroutine.resume(t.co)
    if coroutine.status(t.co) == "dead" then table.remove(tasks, i) else i = i + 1 end
  end
end
print(table.concat(log, " "))
