-- a state machine for deal stages with allowed transitions
local transitions = {
  new = {qualify = "qualified", drop = "lost"},
  qualified = {propose = "proposal", drop = "lost"},
  proposal = {win = "won", lose = "lost", revise = "proposal"},
}
local function run(events)
  local state = "new"
  local trail = {state}
  for _, ev in ipairs(events) do
    local nextState = transitions[state] and transitions[state][ev]
    if not nextState then return nil, string.format("bad event %q in state %s", ev, state), table.concat(trail, ">") end
    state = nextState
    trail[#trail + 1] = state
  end
  return state, table.concat(trail, ">")
end
print(run({"qualify", "propose", "revise", "win"}))
print(run({"drop"}))
print(run({"qualify", "win"}))
print(run({}))
