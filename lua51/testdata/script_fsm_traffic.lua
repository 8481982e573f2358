-- a table-driven cyclic state machine with actions
local machine = {
  green = {next = "yellow", ticks = 3},
  yellow = {next = "red", ticks = 1},
  red = {next = "green", ticks = 2},
}
local state, left = "green", machine.green.ticks
local seen = {}
for t = 1, 12 do
  seen[#seen + 1] = state:sub(1, 1)
  left = left - 1
  if left == 0 then state = machine[state].next; left = machine[state].ticks end
end
print(table.concat(seen))
